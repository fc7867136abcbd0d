package org.hotline.softphone.cti;

import java.time.Instant;

/**
 * A missed-call callback on the supervisor's list (R11); {@code enterprise} is the name agents
 * recorded for the number at wrap-up, or null.
 */
public record CallbackItem(
        long id,
        String number,
        String status,
        Instant dueAt,
        boolean overdue,
        int missCount,
        int attempts,
        String result,
        String note,
        String enterprise) {}
