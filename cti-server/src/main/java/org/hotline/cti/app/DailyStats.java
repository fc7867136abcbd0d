package org.hotline.cti.app;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.app.workorder.WorkOrderFigures;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.transfer.ThreeWayBudget;

/**
 * A day's figures against the hotline's targets: connection rate vs 95 % (R1), three-way share
 * vs 4 % and the budget left (R10), direct-resolution rate vs 90 % (R12), missed calls and
 * callbacks (R11), work orders (R13). Also backs the ratio gauges in /metrics.
 */
public final class DailyStats {
    public static final double CONNECTION_TARGET = 0.95;
    public static final double THREE_WAY_CAP = 0.04;
    public static final double DIRECT_RESOLUTION_TARGET = 0.90;

    private final CallStore calls;
    private final TransferStore transfers;
    private final HotlineRules rules;
    private final org.hotline.cti.app.transfer.TransferOutcomes outcomes;
    private final ThreeWayBudget.Settings budget;
    private final Clock clock;
    private volatile Supplier<CallbackStats> callbacks = () -> new CallbackStats(0, 0);
    private volatile Function<Instant, CallbackStats> callbacksAt = at -> callbacks.get();
    private volatile Function<Instant, WorkOrderFigures> workOrdersAt =
            at -> WorkOrderFigures.of(at, List.of(), o -> null, o -> false, Map.of());
    private volatile Function<LocalDate, java.util.Optional<Map<String, Object>>> rotation =
            d -> java.util.Optional.empty();
    private volatile Supplier<Map<String, Object>> lastDay = () -> null;
    private volatile Supplier<WorkOrderFigures> workOrdersNow = () -> workOrdersAt.apply(Instant.EPOCH);

    public DailyStats(
            CallStore calls,
            TransferStore transfers,
            HotlineRules rules,
            org.hotline.cti.app.transfer.TransferOutcomes outcomes,
            ThreeWayBudget.Settings budget,
            Clock clock) {
        this.calls = calls;
        this.transfers = transfers;
        this.rules = rules;
        this.outcomes = outcomes;
        this.budget = budget;
        this.clock = clock;
    }

    /** Callback counts (R11), from the callback service. */
    public void useCallbacks(Supplier<CallbackStats> counts) {
        this.callbacks = counts;
    }

    /** Callback counts now, and as they stood at an instant (a past day's report, R18). */
    public void useCallbacks(Supplier<CallbackStats> now, Function<Instant, CallbackStats> at) {
        this.callbacks = now;
        this.callbacksAt = at;
    }

    /** Work-order figures (R13–R16, R18): now (cached), and as they stood at an instant (a past day's report). */
    public void useWorkOrders(Supplier<WorkOrderFigures> now, Function<Instant, WorkOrderFigures> at) {
        this.workOrdersNow = now;
        this.workOrdersAt = at;
    }

    /** R4/R5: the rotation session of a day counted against its target, from the rotation service. */
    public void useRotation(Function<LocalDate, java.util.Optional<Map<String, Object>>> figures) {
        this.rotation = figures;
    }

    /** R10: the last ended day's final three-way share, shown beside today's (from {@link ThreeWayShareWatch}). */
    public void useLastDay(Supplier<Map<String, Object>> figures) {
        this.lastDay = figures;
    }

    /** The day so far, and {@code threeWayLastDay}: the last ended day's final share (R10), null until known. */
    public Map<String, Object> today() {
        Map<String, Object> m = day(LocalDate.now(clock.withZone(zone())));
        m.put("threeWayLastDay", lastDay.get());
        return m;
    }

    /**
     * Today's R1 transfer connection rate and R10 three-way share only, as {@link #today()} has
     * them ({@code transferConnectionRate}, {@code threeWayShare}): for the /metrics gauges, which
     * a scraper reads every few seconds all day. It counts the day's calls instead of loading them
     * (issue 14 item 4: {@link #day} reads every call row of the day, so a scrape of a busy
     * afternoon cost tens of thousands of rows).
     */
    public Map<String, Object> todayRatios() {
        LocalDate day = LocalDate.now(clock.withZone(zone()));
        Instant from = day.atStartOfDay(zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone()).toInstant();
        long dayCalls = calls.countArrivedBetween(from, to);
        List<TransferRecord> dayTransfers = transfers.requestedBetween(from, to);
        long attempts = dayTransfers.stream().filter(TransferRecord::finished).count();
        long connected = dayTransfers.stream().filter(t -> t.connected()).count();
        long callerGone = dayTransfers.stream().filter(DailyStats::callerGone).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transferConnectionRate", rate(connected, attempts - callerGone));
        m.put("threeWayShare", dayCalls == 0 ? 0.0 : ThreeWayBudget.share(connected, dayCalls));
        return m;
    }

    private ZoneId zone() {
        return rules.now().calendar().zone();
    }

    public Map<String, Object> day(LocalDate day) {
        Instant from = day.atStartOfDay(zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone()).toInstant();
        Instant now = clock.instant();
        List<CallRecord> dayCalls = calls.arrivedBetween(from, to);
        long answered = dayCalls.stream()
                .filter(c -> c.outcome() == CallOutcome.ANSWERED)
                .count();
        long missed = dayCalls.stream()
                .filter(c -> c.outcome() != null && c.outcome().missed())
                .count();
        List<TransferRecord> dayTransfers = transfers.requestedBetween(from, to);
        long attempts = dayTransfers.stream().filter(TransferRecord::finished).count();
        long connected = dayTransfers.stream().filter(t -> t.connected()).count();
        long callerGone = dayTransfers.stream().filter(DailyStats::callerGone).count();
        List<Wrapup> wrapups = transfers.wrapupsBetween(from, to);
        long direct =
                wrapups.stream().filter(w -> "direct".equals(w.resolution())).count();
        // R12: the rate is over the calls agents wrapped up; answered calls nobody wrapped up are
        // counted beside it rather than silently left out.
        java.util.Set<String> wrapped = new java.util.HashSet<>();
        wrapups.forEach(w -> wrapped.add(w.callId()));
        long notWrappedUp = dayCalls.stream()
                .filter(c -> c.outcome() == CallOutcome.ANSWERED && !wrapped.contains(c.id()))
                .count();

        Instant asOf = now.isBefore(to) ? now : to;
        ThreeWayBudget b = ThreeWayBudget.forDay(budget, outcomes.dayCounts(asOf.minusMillis(1)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", day.toString());
        m.put("calls", (long) dayCalls.size());
        m.put("answered", answered);
        m.put("missed", missed);
        m.put("threeWayCalls", connected);
        double share = dayCalls.isEmpty() ? 0.0 : ThreeWayBudget.share(connected, dayCalls.size());
        m.put("threeWayShare", share);
        // R10: the real share against the 4% cap (so far today; final for a past day).
        m.put("threeWayShareAboveCap", share > THREE_WAY_CAP);
        m.put("threeWayBudget", b.limit());
        m.put("threeWayBudgetLeft", b.remaining(connected));
        m.put("transferAttempts", attempts);
        m.put("transferConnected", connected);
        // R1: a transfer the caller ended before the specialist answered is shown, but not held
        // against the department: the rate is connected ÷ (attempts − caller-gone).
        m.put("transferCallerGone", callerGone);
        m.put("transferConnectionRate", rate(connected, attempts - callerGone));
        // R18: a past day shows the callbacks pending and overdue at its end, not today's.
        CallbackStats cb = now.isBefore(to) ? callbacks.get() : callbacksAt.apply(to);
        m.put("callbacksPending", cb.pending());
        m.put("callbacksOverdue", cb.overdue());
        m.put("directResolutionRate", wrapups.isEmpty() ? null : (double) direct / wrapups.size());
        m.put("wrappedUp", (long) wrapups.size());
        m.put("answeredNotWrappedUp", notWrappedUp);
        // As of the end of the day for a past day, as of now for today (the daily report, R18).
        WorkOrderFigures wo = now.isBefore(to) ? workOrdersNow.get() : workOrdersAt.apply(to);
        m.put("workOrdersOpen", wo.open());
        m.put("workOrdersOverdue", wo.overdue());
        m.put("workOrders", workOrders(wo));
        // R5: null on a day without a rotation session (not a Tuesday or Friday, or a holiday).
        m.put("rotation", rotation.apply(day).orElse(null));
        m.put(
                "targets",
                Map.of(
                        "transferConnectionRate",
                        CONNECTION_TARGET,
                        "threeWayShare",
                        THREE_WAY_CAP,
                        "directResolutionRate",
                        DIRECT_RESOLUTION_TARGET));
        m.put("departments", departments(dayTransfers));
        return m;
    }

    /** Open and overdue orders per stage and department, and the escalated ones (R15, R18). */
    private Map<String, Object> workOrders(WorkOrderFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asOf", f.asOf());
        m.put("open", f.open());
        m.put("overdue", f.overdue());
        Map<String, Object> stages = new LinkedHashMap<>();
        f.byStage()
                .forEach((stage, c) -> stages.put(stage.wireName(), Map.of("open", c.open(), "overdue", c.overdue())));
        m.put("byStage", stages);
        List<Map<String, Object>> deps = new ArrayList<>();
        var dir = rules.now().directory();
        f.byDepartment().forEach((code, byStage) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("code", code);
            d.put("name", dir.department(code).map(Department::name).orElse(code));
            d.put(
                    "open",
                    byStage.values().stream()
                            .mapToLong(WorkOrderFigures.Count::open)
                            .sum());
            d.put(
                    "overdue",
                    byStage.values().stream()
                            .mapToLong(WorkOrderFigures.Count::overdue)
                            .sum());
            Map<String, Object> st = new LinkedHashMap<>();
            byStage.forEach((stage, c) -> st.put(stage.wireName(), Map.of("open", c.open(), "overdue", c.overdue())));
            d.put("stages", st);
            deps.add(d);
        });
        m.put("byDepartment", deps);
        Map<String, Object> total = new LinkedHashMap<>();
        f.escalatedTotal().forEach((cause, n) -> total.put(cause.wireName(), n));
        m.put("escalatedTotal", total);
        m.put("escalated", (long) f.escalatedOpen().size());
        m.put(
                "overdueOrders",
                f.overdueOpen().stream().map(o -> brief(o, f, dir)).toList());
        m.put(
                "escalatedOrders",
                f.escalatedOpen().stream().map(o -> brief(o, f, dir)).toList());
        return m;
    }

    private static Map<String, Object> brief(
            org.hotline.cti.domain.workorder.WorkOrder o,
            WorkOrderFigures f,
            org.hotline.cti.domain.directory.Directory dir) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", o.ref());
        e.put("department", o.department());
        e.put(
                "departmentName",
                dir.department(o.department()).map(Department::name).orElse(o.department()));
        e.put("kind", o.kind().wireName());
        e.put("status", o.status().wireName());
        e.put("caller", o.caller());
        e.put("stage", o.stage().map(st -> st.wireName()).orElse(null));
        e.put("deadline", o.deadline().orElse(null));
        e.put("overdue", o.overdue(f.asOf()));
        e.put(
                "causes",
                o.escalations().entrySet().stream()
                        .filter(x -> !x.getValue().isAfter(f.asOf()))
                        .map(x -> x.getKey().wireName())
                        .toList());
        return e;
    }

    /** Per department: attempts, connected, rate, below target (R1), last failure cause. */
    private List<Map<String, Object>> departments(List<TransferRecord> dayTransfers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Department d : rules.now().directory().departments()) {
            if (d.transferNumbers().isEmpty()) {
                continue; // reached by work order only (the supervision office, a district unit): no R1 rate
            }
            List<TransferRecord> mine = dayTransfers.stream()
                    .filter(t -> d.code().equals(t.department()) && t.finished())
                    .toList();
            long conn = mine.stream().filter(t -> t.connected()).count();
            long gone = mine.stream().filter(DailyStats::callerGone).count();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", d.code());
            m.put("name", d.name());
            m.put("attempts", (long) mine.size());
            m.put("connected", conn);
            m.put("callerGone", gone);
            Double rate = rate(conn, mine.size() - gone);
            m.put("rate", rate);
            m.put("belowTarget", rate != null && rate < CONNECTION_TARGET);
            m.put(
                    "lastFailureCause",
                    mine.stream()
                            .filter(t -> t.outcome() == org.hotline.cti.domain.transfer.TransferOutcome.FAILED)
                            .reduce((a, b) -> b)
                            .map(t -> t.cause().id())
                            .orElse(null));
            out.add(m);
        }
        return out;
    }

    /** R1: the caller hung up before the specialist answered; not the department's failure. */
    private static boolean callerGone(TransferRecord t) {
        return t.finished() && t.cause() == org.hotline.cti.domain.transfer.FailureCause.CALLER_GONE;
    }

    private static Double rate(long connected, long counted) {
        return counted <= 0 ? null : (double) connected / counted;
    }
}
