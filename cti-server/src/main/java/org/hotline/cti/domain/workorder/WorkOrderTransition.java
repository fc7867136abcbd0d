package org.hotline.cti.domain.workorder;

import java.time.Instant;
import java.util.List;

/**
 * One step of a work order, as the audit trail keeps it (who, when, {@code from -> trigger -> to},
 * note) and as the log shows it once. {@code from} is {@code none} for the creation.
 */
public record WorkOrderTransition(
        String by, Instant at, String from, String trigger, String to, String note, List<WorkOrderCommand> commands) {

    public WorkOrderTransition {
        commands = List.copyOf(commands);
    }

    public String logLine(String ref) {
        return "work order " + ref + ": " + from + " -> " + trigger + " -> " + to + " (by " + by + ")";
    }
}
