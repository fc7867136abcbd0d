package org.hotline.cti.domain.workorder;

import java.time.Instant;

/** What the application must do after a work-order transition; the domain never does I/O itself. */
public sealed interface WorkOrderCommand {

    /**
     * R15: hand the order to the business-environment supervision office ({@code office}, a
     * department code; null when none is configured) for supervision (督办), counted by cause.
     */
    record Escalate(EscalationCause cause, String office, Instant at) implements WorkOrderCommand {}
}
