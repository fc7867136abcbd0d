package org.hotline.cti.domain.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A call that ended while the CTI was blind (server stopped, AMI down) was closed by the next
 * resync at the resync's time and, unless it had been answered, as missed with reason
 * {@code lost}. The PBX's own record of the call (CEL) says what really happened: answered by an
 * agent, a queue timeout, the caller hanging up. The corrected call keeps everything seen live and
 * takes the rest, and the end, from the PBX (R11: a caller who was served gets no callback; a
 * missed one is listed with the true reason).
 */
public final class CallCorrection {
    private CallCorrection() {}

    /**
     * @param known   the stored call
     * @param fromPbx the same call rebuilt from the PBX's records
     * @return the corrected call, or empty when {@code known} was not closed blind or the PBX's
     *         record is not of that call or not finished
     */
    public static Optional<CallRecord> correct(CallRecord known, CallRecord fromPbx) {
        if (!known.endedUnseen() || fromPbx.outcome() == null || !known.id().equals(fromPbx.id())) {
            return Optional.empty();
        }
        List<TimelineEntry> timeline = new ArrayList<>(known.timeline());
        if (!timeline.isEmpty()
                && "ended".equals(timeline.get(timeline.size() - 1).kind())) {
            timeline.remove(timeline.size() - 1); // the resync's guess
        }
        Instant seen = timeline.isEmpty()
                ? known.arrivedAt()
                : timeline.get(timeline.size() - 1).at();
        for (TimelineEntry t : fromPbx.timeline()) {
            if (t.at().isAfter(seen)) {
                timeline.add(t);
            }
        }
        if (timeline.isEmpty()
                || !"ended".equals(timeline.get(timeline.size() - 1).kind())) {
            return Optional.empty(); // the PBX's record ends before what we saw live: nothing to learn from it
        }
        Instant answeredAt = known.answeredAt() != null ? known.answeredAt() : fromPbx.answeredAt();
        String agent = known.answeredAt() != null
                ? known.agent()
                : fromPbx.answeredAt() != null ? fromPbx.agent() : known.agent();
        String missedReason = answeredAt != null
                ? null
                : fromPbx.missedReason() != null ? fromPbx.missedReason() : known.missedReason();
        boolean afterHours = known.afterHours() || fromPbx.afterHours();
        Call merged = Call.restore(
                known.id(),
                known.caller(),
                known.dialed(),
                known.arrivedAt(),
                first(known.queue(), fromPbx.queue()),
                first(known.queuedAt(), fromPbx.queuedAt()),
                first(known.offeredAt(), fromPbx.offeredAt()),
                first(known.ringingAgent(), fromPbx.ringingAgent()),
                answeredAt,
                agent,
                afterHours,
                missedReason,
                timeline);
        return Optional.of(new CallRecord(
                known.id(),
                known.caller(),
                known.dialed(),
                known.arrivedAt(),
                merged.queue(),
                merged.queuedAt(),
                merged.offeredAt(),
                merged.ringingAgent(),
                answeredAt,
                agent,
                afterHours,
                missedReason,
                fromPbx.endedAt(),
                fromPbx.endCause(),
                fromPbx.endCauseText(),
                CallState.ENDED,
                merged.outcome(),
                List.copyOf(timeline),
                known.node(),
                false));
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
