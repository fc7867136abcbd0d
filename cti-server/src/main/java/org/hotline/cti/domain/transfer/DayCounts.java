package org.hotline.cti.domain.transfer;

import java.util.List;

/**
 * Today's figures the policy needs: calls so far, three-way calls so far, and the day's total calls
 * on recent same weekdays, most recent first (the store provides them; the domain only reasons).
 * {@code recentSameWeekdayCalls} holds only days that are history for the R10 forecast: within the
 * look-back, ordinary days (no holiday, no make-up working day) with calls recorded; empty when
 * there is none.
 */
public record DayCounts(long callsSoFar, long threeWayCallsSoFar, List<Long> recentSameWeekdayCalls) {

    public DayCounts {
        if (callsSoFar < 0 || threeWayCallsSoFar < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        recentSameWeekdayCalls = List.copyOf(recentSameWeekdayCalls);
    }
}
