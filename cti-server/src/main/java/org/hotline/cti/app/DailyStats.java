package org.hotline.cti.app;

import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.workorder.WorkOrder;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;


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
    private final WorkOrderStore workOrders;
    private final HotlineRules rules;
    private final org.hotline.cti.app.transfer.TransferOutcomes outcomes;
    private final ThreeWayBudget.Settings budget;
    private final Clock clock;
    private volatile Supplier<CallbackStats> callbacks = () -> new CallbackStats(0, 0);

    public DailyStats(CallStore calls, TransferStore transfers, WorkOrderStore workOrders, HotlineRules rules,
                      org.hotline.cti.app.transfer.TransferOutcomes outcomes, ThreeWayBudget.Settings budget, Clock clock) {
        this.calls = calls;
        this.transfers = transfers;
        this.workOrders = workOrders;
        this.rules = rules;
        this.outcomes = outcomes;
        this.budget = budget;
        this.clock = clock;
    }

    /** Callback counts (R11), from the callback service. */
    public void useCallbacks(Supplier<CallbackStats> counts) {
        this.callbacks = counts;
    }

    public Map<String, Object> today() {
        return day(LocalDate.now(clock.withZone(zone())));
    }

    private ZoneId zone() {
        return rules.now().calendar().zone();
    }

    public Map<String, Object> day(LocalDate day) {
        Instant from = day.atStartOfDay(zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone()).toInstant();
        Instant now = clock.instant();
        List<CallRecord> dayCalls = calls.arrivedBetween(from, to);
        long answered = dayCalls.stream().filter(c -> c.outcome() == CallOutcome.ANSWERED).count();
        long missed = dayCalls.stream().filter(c -> c.outcome() != null && c.outcome().missed()).count();
        List<TransferRecord> dayTransfers = transfers.requestedBetween(from, to);
        long attempts = dayTransfers.stream().filter(TransferRecord::finished).count();
        long connected = dayTransfers.stream().filter(t -> "connected".equals(t.outcome())).count();
        List<Wrapup> wrapups = transfers.wrapupsBetween(from, to);
        long direct = wrapups.stream().filter(w -> "direct".equals(w.resolution())).count();
        List<WorkOrder> open = workOrders.open();

        Instant asOf = now.isBefore(to) ? now : to;
        ThreeWayBudget b = ThreeWayBudget.forDay(budget, outcomes.dayCounts(asOf.minusMillis(1)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", day.toString());
        m.put("calls", (long) dayCalls.size());
        m.put("answered", answered);
        m.put("missed", missed);
        m.put("threeWayCalls", connected);
        m.put("threeWayShare", dayCalls.isEmpty() ? 0.0 : ThreeWayBudget.share(connected, dayCalls.size()));
        m.put("threeWayBudget", b.limit());
        m.put("threeWayBudgetLeft", b.remaining(connected));
        m.put("transferAttempts", attempts);
        m.put("transferConnected", connected);
        m.put("transferConnectionRate", attempts == 0 ? null : (double) connected / attempts);
        CallbackStats cb = callbacks.get();
        m.put("callbacksPending", cb.pending());
        m.put("callbacksOverdue", cb.overdue());
        m.put("directResolutionRate", wrapups.isEmpty() ? null : (double) direct / wrapups.size());
        m.put("workOrdersOpen", (long) open.size());
        m.put("workOrdersOverdue", open.stream().filter(o -> o.overdue(now)).count());
        m.put("targets", Map.of("transferConnectionRate", CONNECTION_TARGET, "threeWayShare", THREE_WAY_CAP,
                "directResolutionRate", DIRECT_RESOLUTION_TARGET));
        m.put("departments", departments(dayTransfers));
        return m;
    }

    /** Per department: attempts, connected, rate, below target (R1), last failure cause. */
    private List<Map<String, Object>> departments(List<TransferRecord> dayTransfers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Department d : rules.now().directory().departments()) {
            List<TransferRecord> mine = dayTransfers.stream().filter(t -> d.code().equals(t.department()) && t.finished()).toList();
            long conn = mine.stream().filter(t -> "connected".equals(t.outcome())).count();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", d.code());
            m.put("name", d.name());
            m.put("attempts", (long) mine.size());
            m.put("connected", conn);
            Double rate = mine.isEmpty() ? null : (double) conn / mine.size();
            m.put("rate", rate);
            m.put("belowTarget", rate != null && rate < CONNECTION_TARGET);
            m.put("lastFailureCause", mine.stream().filter(t -> "failed".equals(t.outcome()))
                    .reduce((a, b) -> b).map(TransferRecord::cause).orElse(null));
            out.add(m);
        }
        return out;
    }

}
