package org.hotline.cti.app.arrival;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Caller recognition at arrival: what the PBX should know about an enterprise caller before the
 * call joins the queue. The enterprise's name, as an agent last recorded it at wrap-up, becomes
 * the caller-id name every phone on the desk shows; a caller whose missed call still waits for
 * its callback (R11) is queued ahead of first-time callers, so the hotline keeps its promise by
 * answering them now instead of calling back later.
 */
public final class ArrivalService {

    /**
     * Queue priority for a caller with a pending callback. app_queue answers higher priorities
     * first; everyone else keeps the default 0, so first-time callers stay in arrival order.
     */
    public static final int CALLBACK_PENDING_PRIORITY = 10;

    /** What the PBX is told; {@code queuePriority} 0 means "as everyone else". */
    public record Arrival(Optional<String> enterprise, boolean callbackPending, int queuePriority) {
        public static final Arrival UNKNOWN = new Arrival(Optional.empty(), false, 0);
    }

    private final Function<String, Optional<String>> enterpriseOf;
    private final Predicate<String> callbackPending;

    /**
     * @param enterpriseOf    the enterprise recorded for a caller number (wrap-ups)
     * @param callbackPending whether a caller number has a callback not yet closed (R11)
     */
    public ArrivalService(Function<String, Optional<String>> enterpriseOf, Predicate<String> callbackPending) {
        this.enterpriseOf = Objects.requireNonNull(enterpriseOf, "enterpriseOf");
        this.callbackPending = Objects.requireNonNull(callbackPending, "callbackPending");
    }

    public Arrival arrive(String callerNumber) {
        if (callerNumber == null || callerNumber.isBlank()) {
            return Arrival.UNKNOWN;
        }
        String number = callerNumber.strip();
        Optional<String> name = enterpriseOf.apply(number).map(String::strip).filter(s -> !s.isEmpty());
        boolean pending = callbackPending.test(number);
        return new Arrival(name, pending, pending ? CALLBACK_PENDING_PRIORITY : 0);
    }
}
