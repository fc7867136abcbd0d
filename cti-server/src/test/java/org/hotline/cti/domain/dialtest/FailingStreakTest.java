package org.hotline.cti.domain.dialtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailingStreakTest {
    private static DialTestResult ok() {
        return new DialTestResult("r", "tax", "n", Instant.EPOCH, Instant.EPOCH, true, null, Duration.ofMillis(300));
    }

    private static DialTestResult failed(String cause) {
        return new DialTestResult("r", "tax", "n", Instant.EPOCH, Instant.EPOCH, false, cause, null);
    }

    @Test
    void countsOnlyTheFailuresSinceTheLastAnswer() {
        assertThat(FailingStreak.failuresInARow(List.of())).isZero();
        assertThat(FailingStreak.failuresInARow(List.of(ok(), failed("busy")))).isZero();
        assertThat(FailingStreak.failuresInARow(List.of(failed("busy"), ok(), failed("busy"))))
                .isEqualTo(1);
        assertThat(FailingStreak.failuresInARow(List.of(failed("no-answer"), failed("busy"), ok())))
                .isEqualTo(2);
    }

    @Test
    void flaggedFromTheSecondFailureInARowByDefault() {
        FailingStreak s = new FailingStreak(FailingStreak.DEFAULT_THRESHOLD);
        assertThat(s.flagged(1)).isFalse();
        assertThat(s.flagged(2)).isTrue();
        assertThat(s.flagged(3)).isTrue();
        assertThatThrownBy(() -> new FailingStreak(0)).hasMessageContaining("at least 1");
    }

    @Test
    void aResultHasACauseExactlyWhenItFailed() {
        assertThatThrownBy(() -> new DialTestResult("r", "tax", "n", Instant.EPOCH, Instant.EPOCH, true, "busy", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
