package org.hotline.cti.domain.callback;

/**
 * The figures {@code /api/stats/today} shows: callbacks still to do ({@code pending}, including
 * those being dialled) and, among them, those past their 24-hour deadline (R11).
 */
public record CallbackStats(long pending, long overdue) {
}
