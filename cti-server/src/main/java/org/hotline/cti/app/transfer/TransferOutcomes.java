package org.hotline.cti.app.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.domain.calendar.DueWording;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.transfer.DayCounts;
import org.hotline.cti.domain.transfer.LegProgress;
import org.hotline.cti.domain.transfer.TransferCommand;
import org.hotline.cti.domain.transfer.TransferDecision;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;

/**
 * What transfers leave behind: today's counts for the policy (R10), work orders (R2, R13),
 * pushes to the agent and the dashboard, and the transfer metrics.
 */
public final class TransferOutcomes {

    private final CallStore calls;
    private final TransferStore transfers;
    private final WorkOrderService workOrders;
    private final HotlineRules rules;
    private final LiveEvents events;
    private final TransferMetrics metrics;
    private final Clock clock;

    public TransferOutcomes(
            CallStore calls,
            TransferStore transfers,
            WorkOrderService workOrders,
            HotlineRules rules,
            LiveEvents events,
            TransferMetrics metrics,
            Clock clock) {
        this.calls = calls;
        this.transfers = transfers;
        this.workOrders = workOrders;
        this.rules = rules;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    private ZoneId zone() {
        return rules.now().calendar().zone();
    }

    /**
     * Today's calls so far, three-way calls so far, and the history the R10 forecast is made from:
     * the same weekday in each of the last {@code transfer.budget.lookbackWeeks} weeks, leaving out
     * statutory holidays and make-up working days (调休: config/calendar), which are not like an
     * ordinary weekday, and days with no call recorded (before the server ran, or while it was
     * down), which are no history at all.
     */
    public DayCounts dayCounts(Instant now) {
        ZoneId zone = zone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant start = today.atStartOfDay(zone).toInstant();
        // Two counts on the request's path (issue 14 item 4), not every attempt of the day read back.
        long callsSoFar = calls.countArrivedBetween(start, now.plusMillis(1));
        long threeWay = transfers.countThreeWayBetween(start, now.plusMillis(1));
        return new DayCounts(callsSoFar, threeWay, history(today));
    }

    /**
     * Today's calls and three-way calls (R10) as kept in memory from the writes ({@code DayTally},
     * issue 14 item 3), for {@code day} if that is the day they are complete for; else empty.
     */
    public interface KeptCounts {
        Optional<Kept> on(LocalDate day);

        /** The day's calls so far, and its attempts that did not fail (connected or in progress). */
        record Kept(long calls, long threeWay) {}
    }

    private volatile KeptCounts kept = day -> Optional.empty();

    /** Use {@code counts} for {@link #dayCountsNow} when they are complete for the day asked. */
    public void useKeptCounts(KeptCounts counts) {
        this.kept = counts;
    }

    /**
     * {@link #dayCounts(Instant)} at {@code now}, from the counts kept in memory when they are
     * complete for today (issue 14 item 4: R10's snapshot, refreshed after every transfer's start,
     * was two {@code COUNT(*)} queries over the day's calls and attempts, half the transfers
     * thread's CPU, growing with the day). The kept counts are the same figures: every call and
     * attempt write passes through them as it is made (the calls as the write-behind store takes
     * them, unstored ones included, as {@code countArrivedBetween} counts them; an attempt that did
     * not fail, as {@code countThreeWayBetween}).
     */
    public DayCounts dayCountsNow(Instant now) {
        Optional<KeptCounts.Kept> k = kept.on(LocalDate.ofInstant(now, zone()));
        return k.isPresent() ? dayCounts(now, k.get().calls(), k.get().threeWay()) : dayCounts(now);
    }

    /**
     * As {@link #dayCounts(Instant)}, with the day's calls and three-way calls so far given (the
     * dashboard's kept counts, issue 14 item 3) rather than counted in the stores.
     */
    public DayCounts dayCounts(Instant now, long callsSoFar, long threeWaySoFar) {
        return new DayCounts(callsSoFar, threeWaySoFar, history(LocalDate.ofInstant(now, zone())));
    }

    /** Past days' counts do not change during the day: read once per day (and per calendar and look-back in force). */
    private record HistoryKey(LocalDate day, WorkCalendar calendar, int lookbackWeeks) {}

    private record History(HistoryKey key, List<Long> counts) {}

    private volatile History history;

    private List<Long> history(LocalDate today) {
        WorkCalendar calendar = rules.now().calendar();
        HistoryKey key = new HistoryKey(today, calendar, rules.budget().lookbackWeeks());
        History cached = history;
        if (cached != null && cached.key().equals(key)) {
            return cached.counts();
        }
        ZoneId zone = calendar.zone();
        List<Long> counts = new ArrayList<>();
        for (int week = 1; week <= key.lookbackWeeks(); week++) {
            LocalDate d = today.minusWeeks(week);
            if (calendar.specialDay(d).isPresent()) {
                continue;
            }
            long n = calls.countArrivedBetween(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(1).atStartOfDay(zone).toInstant());
            if (n > 0) {
                counts.add(n);
            }
        }
        List<Long> result = List.copyOf(counts);
        this.history = new History(key, result);
        return result;
    }

    /**
     * R2: an off-hours request becomes a secondary-urgent (次紧急) order, dispatched at once to the
     * department, which must contact the enterprise by 09:00 of the next working day.
     */
    WorkOrder offHoursWorkOrder(TransferDecision.WorkOrder wo, CallRecord call, String by) {
        Instant now = clock.instant();
        return workOrders.create(
                Actor.agent(by),
                new NewWorkOrder(
                        WorkOrderKind.OFF_HOURS_URGENT,
                        WorkOrderOrigin.OFF_HOURS,
                        wo.department().code(),
                        wo.matter().code(),
                        call.caller(),
                        call.id(),
                        wo.matter().name() + "：非工作时段企业诉求，请于" + DueWording.of(wo.due(), now, zone())
                                + " 前直接联系企业并反馈办理结果（R2）",
                        null),
                true);
    }

    /** R13: a failed transfer becomes a help order to the department, dispatched at once (within 5 minutes). */
    WorkOrder transferFailedWorkOrder(TransferCommand.CreateWorkOrder c, TransferRecord r) {
        return workOrders.create(
                Actor.agent(r.requestedBy()),
                new NewWorkOrder(
                        WorkOrderKind.HELP,
                        WorkOrderOrigin.TRANSFER_FAILED,
                        c.departmentCode(),
                        c.matterCode(),
                        c.callerNumber(),
                        r.callId(),
                        r.matterName() + "：三方转接未接通（" + c.cause().id() + "），请承办单位签收并联系企业（R13）",
                        c.cause()),
                true);
    }

    /** The API's view of an order this class made. */
    Map<String, Object> view(WorkOrder order) {
        return workOrders.view(order, null);
    }

    /** One step of a transfer's setup the CTI takes (issue 14 item 4); any thread. */
    void setupStep(TransferMetrics.SetupStep step, Duration took) {
        metrics.setupStep(step, took);
    }

    void progress(TransferRecord r) {
        events.publish(LiveEvents.Event.toUser("transfer.progress", Map.of("transfer", view(r)), r.requestedBy()));
    }

    void legProgress(TransferRecord r, LegProgress leg) {
        Map<String, Object> v = view(r);
        v.put("leg", leg.wireName());
        events.publish(LiveEvents.Event.toUser("transfer.progress", Map.of("transfer", v), r.requestedBy()));
    }

    void finished(TransferRecord r) {
        metrics.attemptFinished(r.department(), r.outcome(), r.cause());
        if (r.connectedAt() != null) {
            metrics.setupTime(Duration.between(r.requestedAt(), r.connectedAt()));
        }
        events.publish(LiveEvents.Event.toUser("transfer.result", Map.of("transfer", view(r)), r.requestedBy()));
    }

    /** The agent protocol's transfer object. */
    public static Map<String, Object> view(TransferRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.ref());
        m.put("callId", r.callId());
        m.put("caller", r.caller());
        m.put("matter", r.matter());
        m.put("matterName", r.matterName());
        m.put("department", r.department());
        m.put("departmentName", r.departmentName());
        m.put("state", r.state().wireName());
        m.put("outcome", r.outcome() == null ? null : r.outcome().wireName());
        m.put("cause", r.cause() == null ? null : r.cause().id());
        m.put("target", r.target());
        m.put("room", r.room());
        m.put("requestedBy", r.requestedBy());
        m.put("requestedAt", r.requestedAt());
        m.put("connectedAt", r.connectedAt());
        m.put("endedAt", r.endedAt());
        m.put("setupSeconds", r.setupSeconds());
        m.put(
                "override",
                r.overrideBy() == null ? null : Map.of("supervisor", r.overrideBy(), "reason", r.overrideReason()));
        m.put("workOrderId", r.workOrderId() == null ? null : "WO" + r.workOrderId());
        return m;
    }
}
