package org.hotline.cti.domain.callback;

import java.time.Instant;
import java.util.Objects;

/**
 * One unanswered call folded into a callback: the call's id (so the same call is never counted
 * twice, live or recovered), when it came, and why it was missed (caller-hangup, queue-timeout,
 * no-agents, after-hours, lost…).
 */
public record Miss(String callId, Instant at, String reason) {
    public Miss {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "unknown" : reason;
    }
}
