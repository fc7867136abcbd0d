package org.hotline.cti.domain.workorder;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One step of a work order, as the audit trail keeps it (who, when, {@code from -> trigger -> to},
 * note) and as the log shows it once. The states are the order's own {@link WorkOrderStatus};
 * {@code from} is null for the creation, spelled {@value #NONE} in the log, the store and the API.
 */
public record WorkOrderTransition(
        String by,
        Instant at,
        WorkOrderStatus from,
        WorkOrderTrigger trigger,
        WorkOrderStatus to,
        String note,
        List<WorkOrderCommand> commands) {

    /** How the trail spells the state before the creation. */
    public static final String NONE = "none";

    public WorkOrderTransition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(trigger, "trigger");
        commands = List.copyOf(commands);
    }

    /** A state as the trail spells it: its wire name, or {@value #NONE} before the creation. */
    public static String name(WorkOrderStatus s) {
        return s == null ? NONE : s.wireName();
    }

    /** The state a trail spelled ({@link #name}); null for {@value #NONE}. */
    public static WorkOrderStatus parse(String name) {
        if (NONE.equals(name)) {
            return null;
        }
        return WorkOrderStatus.fromWire(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown work-order state '" + name + "'"));
    }

    /** {@code from -> trigger -> to}, as the trail reads. */
    public String line() {
        return name(from) + " -> " + trigger.wireName() + " -> " + name(to);
    }

    public String logLine(String ref) {
        return "work order " + ref + ": " + line() + " (by " + by + ")";
    }
}
