package org.hotline.cti.domain.callback;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.roster.Roster;

/**
 * Which ended calls are missed calls, and who gets their callback (R11). Pure.
 */
public final class CallbackRules {
    private final Set<String> hotlineNumbers;

    /** @param hotlineNumbers numbers enterprises dial (12345): a call to one that failed is a miss too */
    public CallbackRules(Set<String> hotlineNumbers) {
        this.hotlineNumbers = Set.copyOf(hotlineNumbers);
    }

    /**
     * R11: abandoned (hung up while queued, queue timeout, no agents, lost while we were blind) and
     * after-hours calls are missed; a failed call is missed only when it was to the hotline number
     * (a PBX failure or a hang-up before the queue) — a misdial to another number is not. A caller
     * without a number cannot be called back and opens nothing.
     */
    public Optional<Miss> miss(CallRecord call) {
        if (call.outcome() == null || !callable(call.caller())) {
            return Optional.empty();
        }
        boolean missed = call.outcome().missed()
                || (call.outcome() == CallOutcome.FAILED && hotlineNumbers.contains(call.dialed()));
        if (!missed) {
            return Optional.empty();
        }
        String reason = call.missedReason() != null
                ? call.missedReason()
                : call.outcome() == CallOutcome.FAILED
                        ? "failed"
                        : call.outcome().wireName();
        return Optional.of(new Miss(call.id(), call.arrivedAt(), reason));
    }

    public static boolean callable(String number) {
        return number != null && number.matches("[0-9]{3,20}"); // the callback context dials _X. (digits)
    }

    /**
     * R11: the supervisor on duty when the call was missed, or else the next one to come on duty;
     * null only when the roster lists nobody.
     */
    public static Callback.Assignment assign(Roster roster, Instant missedAt) {
        return roster.dutySupervisorOrNext(missedAt)
                .map(d -> new Callback.Assignment(d.shift().name(), d.shift().extension()))
                .orElse(null);
    }
}
