package org.hotline.cti.app.returnvisit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.dial.ClickToCall;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Return visits (回访, R17): the hotline calls enterprises back about their requests. Two lists: every
 * order the department has fed back and the caller has not yet judged (the visit records the
 * evaluation through the work-order machine, where a first 不满意 escalates, R15), and a sample of
 * recently closed orders, to check that "closed" meant solved. Dialling works like a callback's:
 * the visitor's own phone rings first, then the enterprise (dialplan context {@code callback}).
 */
public final class ReturnVisits {
    private static final Logger log = LoggerFactory.getLogger(ReturnVisits.class);
    /** How far back closed orders are sampled, and how many are offered. */
    public static final Duration SAMPLE_WINDOW = Duration.ofDays(30);

    public static final int SAMPLE_SIZE = 10;

    public enum Reason {
        AWAITING_EVALUATION,
        SAMPLE
    }

    public record Visit(WorkOrder order, Reason reason) {}

    private final WorkOrderService orders;
    private final ClickToCall dialer;
    private final Clock clock;

    public ReturnVisits(WorkOrderService orders, ClickToCall dialer, Clock clock) {
        this.orders = orders;
        this.dialer = dialer;
        this.clock = clock;
    }

    /**
     * Orders awaiting the caller's evaluation (oldest feedback first: the longest wait), then the
     * sample of closed ones: every order closed in the window, taken in a fixed pseudo-random order
     * that changes each week, so a supervisor cannot pick the easy ones and the list does not
     * change under them within the week.
     */
    public List<Visit> list(Actor by) {
        List<Visit> out = new ArrayList<>();
        Instant now = clock.instant();
        // The store selects by creation time: a year back covers any order still waiting for its caller.
        orders
                .list(
                        by,
                        query(
                                EnumSet.of(WorkOrderStatus.FED_BACK),
                                now.minus(Duration.ofDays(366)),
                                now.plusSeconds(1)))
                .stream()
                .filter(o -> o.caller() != null)
                .sorted(Comparator.comparing(WorkOrder::fedBackAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(o -> out.add(new Visit(o, Reason.AWAITING_EVALUATION)));
        long week = now.getEpochSecond() / ChronoUnit.WEEKS.getDuration().getSeconds();
        Instant since = now.minus(SAMPLE_WINDOW);
        orders
                .list(
                        by,
                        query(EnumSet.of(WorkOrderStatus.CLOSED), since.minus(Duration.ofDays(90)), now.plusSeconds(1)))
                .stream()
                .filter(o -> o.caller() != null
                        && o.handedOverTo() == null
                        && o.closedAt() != null
                        && o.closedAt().isAfter(since))
                .sorted(Comparator.comparingLong(o -> Long.hashCode(o.id() * 0x9E3779B97F4A7C15L ^ week)))
                .limit(SAMPLE_SIZE)
                .forEach(o -> out.add(new Visit(o, Reason.SAMPLE)));
        return out;
    }

    private static WorkOrderService.Query query(EnumSet<WorkOrderStatus> statuses, Instant from, Instant to) {
        return new WorkOrderService.Query(statuses, false, null, null, null, from, to);
    }

    /** Rings {@code extension} (the visitor's phone), then the order's caller. */
    public WorkOrder dial(Actor by, long orderId, String extension) {
        ClickToCall.requireExtension(extension, "give the phone extension to ring first: {\"extension\": \"8901\"}");
        WorkOrder o = orders.get(orderId, by);
        if (o.caller() == null) {
            throw new CtiException(ErrorId.WRONG_STATE, "order " + o.ref() + " has no caller number to visit");
        }
        dialer.requireConnected();
        dialer.ring(new ClickToCall.Call(
                dialer.legId("rv-", orderId),
                extension,
                o.caller(),
                "回访 " + o.ref(),
                Map.of("HOTLINE_RETURN_VISIT", o.ref())));
        log.info("return visit {}: ringing {} to call {} (R17)", o.ref(), extension, o.caller());
        return o;
    }
}
