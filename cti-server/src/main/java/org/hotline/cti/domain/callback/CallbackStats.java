package org.hotline.cti.domain.callback;

/**
 * The figures {@code /api/stats/today} shows: callbacks still to do ({@code pending}, including
 * those being dialled) and, among them, those past their 24-hour deadline (R11).
 */
public record CallbackStats(long pending, long overdue) {

    /**
     * The figures as they stood at {@code at} (a past day's report, R18): callbacks whose first miss
     * came before it and that were not closed by then; overdue among them when due before it.
     */
    public static CallbackStats asOf(java.util.Collection<Callback> callbacks, java.time.Instant at) {
        long pending = 0;
        long overdue = 0;
        for (Callback c : callbacks) {
            boolean openThen = c.firstMissAt().isBefore(at)
                    && (c.closedAt() == null ? c.status().open() : c.closedAt().isAfter(at));
            if (openThen) {
                pending++;
                if (at.isAfter(c.dueAt())) {
                    overdue++;
                }
            }
        }
        return new CallbackStats(pending, overdue);
    }
}
