package org.hotline.cti.domain.workorder;

import java.time.Instant;

/**
 * A request handed to a department (R2, R13). {@code dispatchBy}: by when it must be dispatched
 * (R13: 5 minutes); {@code dueAt}: by when the department must contact the enterprise
 * (R2: 09:00 of the next working day for off-hours requests).
 *
 * @param kind    {@code off-hours} (R2), {@code transfer-failed} (R13) or {@code manual}
 * @param urgency {@code secondary-urgent} (次紧急) or {@code normal}
 */
public record WorkOrder(long id, String kind, String urgency, String department, String matter, String caller,
                        String callId, String description, String cause, Instant createdAt, Instant dispatchBy,
                        Instant dueAt, String status, String createdBy) {

    public static final String OPEN = "open";

    public String ref() {
        return "WO" + id;
    }

    public boolean overdue(Instant now) {
        return OPEN.equals(status) && dueAt != null && now.isAfter(dueAt);
    }
}
