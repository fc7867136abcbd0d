package org.hotline.cti.domain.transfer;

import java.util.List;

/**
 * R10: three-way calls must not exceed 4% of the day's calls. Since the day's total is known only
 * at midnight, the budget is 4% of the day's expected calls: the mean of the same weekday over the
 * last {@code lookbackWeeks} weeks (ordinary days only: the caller of {@link #forDay} leaves out
 * holidays, make-up working days and days with no record), or the configured floor when there is
 * no such history at all, and never below the calls already taken today.
 */
public record ThreeWayBudget(long expectedCalls, long limit) {

    /** Share, look-back and floor; defaults follow R10. */
    public record Settings(double share, int lookbackWeeks, long floorCalls) {

        /** R10: 4%, forecast from the last 4 same weekdays, 100 calls expected when there is no history. */
        public static final Settings R10 = new Settings(0.04, 4, 100);

        public Settings {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("share must be in (0, 1], got " + share);
            }
            if (lookbackWeeks < 1) {
                throw new IllegalArgumentException("lookbackWeeks must be at least 1, got " + lookbackWeeks);
            }
            if (floorCalls < 0) {
                throw new IllegalArgumentException("floorCalls must not be negative, got " + floorCalls);
            }
        }
    }

    /** The day's budget from today's counts. */
    public static ThreeWayBudget forDay(Settings settings, DayCounts today) {
        List<Long> recent = today.recentSameWeekdayCalls();
        List<Long> window = recent.subList(0, Math.min(settings.lookbackWeeks(), recent.size()));
        // R10: the floor stands in for a forecast only when there is no history; a quiet hotline's
        // real history is not raised to it (that would let three-way calls pass 4% of its calls).
        long forecast = window.isEmpty()
                ? settings.floorCalls()
                : Math.round(
                        window.stream().mapToLong(Long::longValue).average().orElse(0));
        long expected = Math.max(forecast, today.callsSoFar());
        // Rounded down: "must not exceed 4%" means 4.4 allowed calls is 4.
        long limit = (long) Math.floor(expected * settings.share() + 1e-9);
        return new ThreeWayBudget(expected, limit);
    }

    /** True while one more three-way call stays within the budget. */
    public boolean allows(long threeWayCallsSoFar) {
        return threeWayCallsSoFar < limit;
    }

    public long remaining(long threeWayCallsSoFar) {
        return Math.max(0, limit - threeWayCallsSoFar);
    }

    /** The real share for the daily report: three-way calls ÷ all calls (0 when no calls). */
    public static double share(long threeWayCalls, long calls) {
        return calls == 0 ? 0.0 : (double) threeWayCalls / calls;
    }
}
