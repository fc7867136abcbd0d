package org.hotline.cti.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.workorder.WorkOrderFigures;
import org.hotline.cti.domain.workorder.EscalationCause;

/**
 * {@code cti_workorders_open{department,stage}}, {@code cti_workorders_overdue{department,stage}}
 * (R18) and {@code cti_workorders_escalated_total{cause}} (R15). The escalation counter reads the
 * stored escalations, so it does not restart from zero with the server.
 */
public final class MicrometerWorkOrderMetrics implements WorkOrderMetrics {
    private final MultiGauge open;
    private final MultiGauge overdue;
    private volatile WorkOrderFigures last;

    public MicrometerWorkOrderMetrics(MeterRegistry registry) {
        open = MultiGauge.builder("cti.workorders.open")
                .description("Open work orders by department and the stage they wait for (R13-R16)")
                .register(registry);
        overdue = MultiGauge.builder("cti.workorders.overdue")
                .description("Open work orders past their current stage's deadline (R18)")
                .register(registry);
        for (EscalationCause cause : EscalationCause.values()) {
            FunctionCounter.builder("cti.workorders.escalated", this, m -> m.escalated(cause))
                    .description("Work orders escalated to the business-environment supervision office, by cause (R15)")
                    .tag("cause", cause.wireName())
                    .register(registry);
        }
    }

    private double escalated(EscalationCause cause) {
        WorkOrderFigures f = last;
        return f == null ? 0 : f.escalatedTotal().getOrDefault(cause, 0L);
    }

    @Override
    public void update(WorkOrderFigures figures) {
        last = figures;
        List<MultiGauge.Row<?>> openRows = new ArrayList<>();
        List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
        figures.byDepartment()
                .forEach((department, stages) -> stages.forEach((stage, count) -> {
                    Tags tags = Tags.of("department", department, "stage", stage.wireName());
                    openRows.add(MultiGauge.Row.of(tags, count.open()));
                    overdueRows.add(MultiGauge.Row.of(tags, count.overdue()));
                }));
        // overwrite: a department/stage with no open order any more disappears instead of showing stale.
        open.register(openRows, true);
        overdue.register(overdueRows, true);
    }
}
