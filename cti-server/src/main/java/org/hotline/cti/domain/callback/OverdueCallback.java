package org.hotline.cti.domain.callback;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of the daily report's overdue-callbacks section (R18: the managing office supervises
 * overdue cases and who is responsible). {@code closedAt} is set for a callback done late.
 */
public record OverdueCallback(
        long id,
        String number,
        String supervisor,
        String supervisorExtension,
        Instant firstMissAt,
        Instant dueAt,
        int missCount,
        int attempts,
        CallbackStatus status,
        Instant closedAt,
        Duration overdueBy) {}
