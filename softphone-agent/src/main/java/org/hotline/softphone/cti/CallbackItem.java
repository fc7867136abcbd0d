package org.hotline.softphone.cti;

import java.time.Instant;

/** A missed-call callback on the supervisor's list (R11). */
public record CallbackItem(long id, String number, String status, Instant dueAt, boolean overdue,
                           int missCount, int attempts, String result, String note) { }
