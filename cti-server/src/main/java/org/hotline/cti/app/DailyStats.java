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
    /** Today's counts, kept from the writes (issue 14 item 3); {@link #day} recomputes any day from the stores. */
    private final DayTally tally;

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
            Clock clock,
            DayTally tally) {
        this.calls = calls;
        this.transfers = transfers;
        this.rules = rules;
        this.outcomes = outcomes;
        this.budget = budget;
        this.clock = clock;
        this.tally = tally;
    }

    /**
     * Reads today's counts from the stores once: at start, and so on an active/standby takeover
     * (which starts the server afresh). Until then {@link #today()} does it on its first call.
     */
    public void rebuild() {
        tally.rebuild(calls, transfers);
    }

    /** Today's counts, rebuilt from the stores first if they never were. */
    private DayTally.Figures tally() {
        if (!tally.rebuilt()) {
            rebuild();
        }
        return tally.figures();
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

    /**
     * The day so far, and {@code threeWayLastDay}: the last ended day's final share (R10), null
     * until known. The same figures as {@link #day} for today, from the counts kept as calls,
     * attempts and wrap-ups are written (issue 14 item 3): a snapshot costs no read of the day.
     */
    public Map<String, Object> today() {
        DayTally.Figures t = tally();
        Instant now = clock.instant();
        // R10: the budget is checked against the calls and three-way calls so far (all of today's).
        ThreeWayBudget b = ThreeWayBudget.forDay(budget, outcomes.dayCounts(now, t.calls(), t.threeWay()));
        Map<String, Object> m = figures(
                t.day(),
                t.calls(),
                t.answered(),
                t.missed(),
                t.attempts(),
                t.connected(),
                t.callerGone(),
                b,
                t.wrappedUp(),
                t.direct(),
                t.answeredNotWrappedUp(),
                callbacks.get(),
                workOrdersNow.get(),
                departments(code -> {
                    DayTally.Figures.Department d = t.departments().get(code);
                    return d == null ? new DayTally.Figures.Department(0, 0, 0, null) : d;
                }));
        m.put("threeWayLastDay", lastDay.get());
        return m;
    }

    /**
     * Today's R1 transfer connection rate and R10 three-way share only, as {@link #today()} has
     * them ({@code transferConnectionRate}, {@code threeWayShare}): for the /metrics gauges, which
     * a scraper reads every few seconds all day; from the kept counts (issue 14 items 3, 4).
     */
    public Map<String, Object> todayRatios() {
        DayTally.Figures t = tally();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transferConnectionRate", rate(t.connected(), t.attempts() - t.callerGone()));
        m.put("threeWayShare", t.calls() == 0 ? 0.0 : ThreeWayBudget.share(t.connected(), t.calls()));
        return m;
    }

    private ZoneId zone() {
        return rules.now().calendar().zone();
    }

    /**
     * A day's figures recomputed from the stores (every call, attempt and wrap-up of the day
     * read back): for past days (reports, {@code /api/stats/day}, the R10 end-of-day share) and
     * the test that {@link #today()}'s kept counts are the same.
     */
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
        java.util.Set<String> wrapped = new java.util.HashSet<>();
        wrapups.forEach(w -> wrapped.add(w.callId()));
        long notWrappedUp = dayCalls.stream()
                .filter(c -> c.outcome() == CallOutcome.ANSWERED && !wrapped.contains(c.id()))
                .count();

        // R10's budget as of now for today (calls up to and including now), as of the day's last
        // millisecond for a past day.
        Instant asOf = now.isBefore(to) ? now : to.minusMillis(1);
        ThreeWayBudget b = ThreeWayBudget.forDay(budget, outcomes.dayCounts(asOf));
        // R18: a past day shows the callbacks pending and overdue at its end, not today's; work
        // orders as of the end of the day for a past day, as of now for today (the daily report).
        CallbackStats cb = now.isBefore(to) ? callbacks.get() : callbacksAt.apply(to);
        WorkOrderFigures wo = now.isBefore(to) ? workOrdersNow.get() : workOrdersAt.apply(to);
        return figures(
                day,
                dayCalls.size(),
                answered,
                missed,
                attempts,
                connected,
                callerGone,
                b,
                wrapups.size(),
                direct,
                notWrappedUp,
                cb,
                wo,
                departments(code -> {
                    List<TransferRecord> mine = dayTransfers.stream()
                            .filter(t -> code.equals(t.department()) && t.finished())
                            .toList();
                    return new DayTally.Figures.Department(
                            mine.size(),
                            mine.stream().filter(t -> t.connected()).count(),
                            mine.stream().filter(DailyStats::callerGone).count(),
                            mine.stream()
                                    .filter(t -> t.outcome() == org.hotline.cti.domain.transfer.TransferOutcome.FAILED)
                                    .reduce((x, y) -> y)
                                    .map(TransferRecord::cause)
                                    .orElse(null));
                }));
    }

    /** The figures' map, the same for today's kept counts and a day recomputed. */
    private Map<String, Object> figures(
            LocalDate day,
            long calls,
            long answered,
            long missed,
            long attempts,
            long connected,
            long callerGone,
            ThreeWayBudget b,
            long wrappedUp,
            long direct,
            long notWrappedUp,
            CallbackStats cb,
            WorkOrderFigures wo,
            List<Map<String, Object>> departments) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", day.toString());
        m.put("calls", calls);
        m.put("answered", answered);
        m.put("missed", missed);
        m.put("threeWayCalls", connected);
        double share = calls == 0 ? 0.0 : ThreeWayBudget.share(connected, calls);
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
        m.put("callbacksPending", cb.pending());
        m.put("callbacksOverdue", cb.overdue());
        // R12: the rate is over the calls agents wrapped up; answered calls nobody wrapped up are
        // counted beside it rather than silently left out.
        m.put("directResolutionRate", wrappedUp == 0 ? null : (double) direct / wrappedUp);
        m.put("wrappedUp", wrappedUp);
        m.put("answeredNotWrappedUp", notWrappedUp);
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
        m.put("departments", departments);
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

    /** Per department with transfer numbers: attempts, connected, rate, below target (R1), last failure cause. */
    private List<Map<String, Object>> departments(Function<String, DayTally.Figures.Department> counts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Department d : rules.now().directory().departments()) {
            if (d.transferNumbers().isEmpty()) {
                continue; // reached by work order only (the supervision office, a district unit): no R1 rate
            }
            DayTally.Figures.Department c = counts.apply(d.code());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", d.code());
            m.put("name", d.name());
            m.put("attempts", c.attempts());
            m.put("connected", c.connected());
            m.put("callerGone", c.callerGone());
            Double rate = rate(c.connected(), c.attempts() - c.callerGone());
            m.put("rate", rate);
            m.put("belowTarget", rate != null && rate < CONNECTION_TARGET);
            m.put(
                    "lastFailureCause",
                    c.lastFailure() == null ? null : c.lastFailure().id());
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
