package org.hotline.cti.domain.call;

import java.time.Instant;

/**
 * One step of a call's history as stored and shown: {@code kind} is one of arrived, queued,
 * offered, answered, after-hours, abandoned, queue-exit, ended, resynced.
 */
public record TimelineEntry(Instant at, String kind, String agent, String detail) {}
