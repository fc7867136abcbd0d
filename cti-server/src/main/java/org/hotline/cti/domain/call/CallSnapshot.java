package org.hotline.cti.domain.call;

import java.time.Instant;

/**
 * What the PBX says about one live enterprise call at a resync: enough to adopt a call we never
 * saw arrive, or to confirm one we know.
 *
 * @param agent the answering agent if the caller is already talking to one, else null
 */
public record CallSnapshot(
        String callId, String caller, String dialed, Instant since, boolean queued, String agent, String bridge) {}
