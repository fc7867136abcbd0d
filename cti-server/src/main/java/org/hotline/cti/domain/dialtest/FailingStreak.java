package org.hotline.cti.domain.dialtest;

import java.util.List;

/**
 * A number is flagged when its last {@code threshold} dial-tests all failed (R8: keep the
 * three-way lines live). One failure may be a specialist stepping away; two in a row, hours
 * apart, means the line needs fixing before a caller is transferred to it.
 */
public record FailingStreak(int threshold) {
    public static final int DEFAULT_THRESHOLD = 2;

    public FailingStreak {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
        }
    }

    /** Consecutive failures at the end of {@code newestFirst}: 0 when the latest test answered. */
    public static int failuresInARow(List<DialTestResult> newestFirst) {
        int n = 0;
        for (DialTestResult r : newestFirst) {
            if (r.answered()) {
                break;
            }
            n++;
        }
        return n;
    }

    public boolean flagged(int failuresInARow) {
        return failuresInARow >= threshold;
    }
}
