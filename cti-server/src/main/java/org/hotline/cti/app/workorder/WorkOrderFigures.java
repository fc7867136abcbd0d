package org.hotline.cti.app.workorder;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.hotline.cti.domain.workorder.EscalationCause;
import org.hotline.cti.domain.workorder.Stage;
import org.hotline.cti.domain.workorder.WorkOrder;

/**
 * Work-order figures at one instant (R18): open and overdue orders per department and stage, and
 * escalations to the supervision office by cause (R15), in total and still open.
 *
 * @param byDepartment   department code → stage → counts
 * @param escalatedTotal every escalation ever made, by cause (a counter that survives restarts)
 * @param escalatedOpen  open orders with at least one escalation
 * @param overdueOpen    open orders past their current stage's deadline
 */
public record WorkOrderFigures(
        Instant asOf,
        Map<String, Map<Stage, Count>> byDepartment,
        Map<EscalationCause, Long> escalatedTotal,
        List<WorkOrder> escalatedOpen,
        List<WorkOrder> overdueOpen) {

    public record Count(long open, long overdue) {}

    /**
     * The figures of {@code orders} (those open at {@code asOf}) as of that instant; {@code stageOf}
     * says which stage each stood in then (the current one for "now").
     */
    public static WorkOrderFigures of(
            Instant asOf,
            List<WorkOrder> orders,
            Function<WorkOrder, Stage> stageOf,
            Function<WorkOrder, Boolean> overdueOf,
            Map<EscalationCause, Long> escalatedTotal) {
        Map<String, Map<Stage, Count>> by = new TreeMap<>();
        for (WorkOrder o : orders) {
            Stage s = stageOf.apply(o);
            if (s == null) {
                continue;
            }
            by.computeIfAbsent(o.department(), k -> new EnumMap<>(Stage.class))
                    .merge(
                            s,
                            new Count(1, overdueOf.apply(o) ? 1 : 0),
                            (a, b) -> new Count(a.open + b.open, a.overdue + b.overdue));
        }
        List<WorkOrder> escalated = orders.stream()
                .filter(o -> o.escalations().keySet().stream()
                        .anyMatch(c -> !o.escalations().get(c).isAfter(asOf)))
                .toList();
        List<WorkOrder> overdue = orders.stream()
                .filter(o -> stageOf.apply(o) != null && overdueOf.apply(o))
                .toList();
        return new WorkOrderFigures(asOf, by, escalatedTotal, escalated, overdue);
    }

    public long open() {
        return byDepartment.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Count::open)
                .sum();
    }

    public long overdue() {
        return byDepartment.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Count::overdue)
                .sum();
    }

    /** Totals per stage over all departments. */
    public Map<Stage, Count> byStage() {
        Map<Stage, Count> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            out.put(s, new Count(0, 0));
        }
        byDepartment
                .values()
                .forEach(m -> m.forEach(
                        (s, c) -> out.merge(s, c, (a, b) -> new Count(a.open + b.open, a.overdue + b.overdue))));
        return out;
    }
}
