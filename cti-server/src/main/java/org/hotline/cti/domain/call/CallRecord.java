package org.hotline.cti.domain.call;

import java.time.Instant;
import java.util.List;

/**
 * An immutable view of a call, as stored, listed and pushed. {@code outcome} is null while the
 * call is live.
 */
public record CallRecord(
        String id,
        String caller,
        String dialed,
        Instant arrivedAt,
        String queue,
        Instant queuedAt,
        Instant offeredAt,
        String ringingAgent,
        Instant answeredAt,
        String agent,
        boolean afterHours,
        String missedReason,
        Instant endedAt,
        Integer endCause,
        String endCauseText,
        CallState state,
        CallOutcome outcome,
        List<TimelineEntry> timeline,
        String node,
        boolean unknown) {

    /** A record with no node name (stored before issue 14 item 6; the first node's) and a known state. */
    public CallRecord(
            String id,
            String caller,
            String dialed,
            Instant arrivedAt,
            String queue,
            Instant queuedAt,
            Instant offeredAt,
            String ringingAgent,
            Instant answeredAt,
            String agent,
            boolean afterHours,
            String missedReason,
            Instant endedAt,
            Integer endCause,
            String endCauseText,
            CallState state,
            CallOutcome outcome,
            List<TimelineEntry> timeline) {
        this(
                id,
                caller,
                dialed,
                arrivedAt,
                queue,
                queuedAt,
                offeredAt,
                ringingAgent,
                answeredAt,
                agent,
                afterHours,
                missedReason,
                endedAt,
                endCause,
                endCauseText,
                state,
                outcome,
                timeline,
                null,
                false);
    }

    public static CallRecord of(Call c) {
        return new CallRecord(
                c.id(),
                c.caller(),
                c.dialed(),
                c.arrivedAt(),
                c.queue(),
                c.queuedAt(),
                c.offeredAt(),
                c.ringingAgent(),
                c.answeredAt(),
                c.agent(),
                c.afterHours(),
                c.missedReason(),
                c.endedAt(),
                c.ended() ? c.endCause() : null,
                c.endCauseText(),
                c.state(),
                c.ended() ? c.outcome() : null,
                List.copyOf(c.timeline()),
                c.node(),
                c.unknown());
    }

    /** This record on {@code nodeName} (a stored call without a node belongs to the first node). */
    public CallRecord onNode(String nodeName) {
        return new CallRecord(
                id,
                caller,
                dialed,
                arrivedAt,
                queue,
                queuedAt,
                offeredAt,
                ringingAgent,
                answeredAt,
                agent,
                afterHours,
                missedReason,
                endedAt,
                endCause,
                endCauseText,
                state,
                outcome,
                timeline,
                nodeName,
                unknown);
    }

    /** True when a resync closed this call because it ended while the CTI could not see it. */
    public boolean endedUnseen() {
        return outcome != null && Call.ENDED_UNSEEN.equals(endCauseText);
    }

    public Call toCall() {
        return Call.restore(
                        id,
                        caller,
                        dialed,
                        arrivedAt,
                        queue,
                        queuedAt,
                        offeredAt,
                        ringingAgent,
                        answeredAt,
                        agent,
                        afterHours,
                        missedReason,
                        timeline)
                .atNode(node);
    }
}
