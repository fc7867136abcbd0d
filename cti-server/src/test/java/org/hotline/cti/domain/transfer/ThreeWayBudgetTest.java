package org.hotline.cti.domain.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R10 three-way budget")
class ThreeWayBudgetTest {

    static final ThreeWayBudget.Settings R10 = ThreeWayBudget.Settings.R10;

    @Test
    void fourPercentOfTheMeanOfTheLastFourSameWeekdays() {
        var b = ThreeWayBudget.forDay(R10, new DayCounts(0, 0, List.of(1200L, 1000L, 800L, 1000L, 9999L)));
        assertThat(b.expectedCalls()).isEqualTo(1000); // the fifth week is beyond the look-back
        assertThat(b.limit()).isEqualTo(40);
        assertThat(b.allows(39)).isTrue();
        assertThat(b.allows(40)).isFalse();
        assertThat(b.remaining(35)).isEqualTo(5);
    }

    @Test
    void floorAppliesWithoutHistory() {
        var b = ThreeWayBudget.forDay(R10, new DayCounts(0, 0, List.of()));
        assertThat(b.expectedCalls()).isEqualTo(100);
        assertThat(b.limit()).isEqualTo(4);
    }

    @Test
    void theFloorIsNotAppliedOverRealHistory() {
        // A quiet hotline with history is held to 4% of its own calls, not of the floor's 100.
        var b = ThreeWayBudget.forDay(R10, new DayCounts(0, 0, List.of(50L, 50L)));
        assertThat(b.expectedCalls()).isEqualTo(50);
        assertThat(b.limit()).isEqualTo(2);
    }

    @Test
    void theLookBackIsTheConfiguredNumberOfWeeks() {
        var two = new ThreeWayBudget.Settings(0.04, 2, 100);
        var b = ThreeWayBudget.forDay(two, new DayCounts(0, 0, List.of(1000L, 500L, 9000L)));
        assertThat(b.expectedCalls()).isEqualTo(750);
        assertThat(b.limit()).isEqualTo(30);
    }

    @Test
    void aBusierDayThanForecastRaisesTheBudget() {
        var b = ThreeWayBudget.forDay(R10, new DayCounts(1500, 0, List.of(1000L)));
        assertThat(b.expectedCalls()).isEqualTo(1500);
        assertThat(b.limit()).isEqualTo(60);
    }

    @Test
    void roundsDownSoTheShareIsNeverExceeded() {
        var b = ThreeWayBudget.forDay(R10, new DayCounts(0, 0, List.of(110L, 110L)));
        assertThat(b.limit()).isEqualTo(4);
        var exact = ThreeWayBudget.forDay(new ThreeWayBudget.Settings(0.04, 4, 0), new DayCounts(0, 0, List.of(25L)));
        assertThat(exact.limit()).isEqualTo(1);
        var none = ThreeWayBudget.forDay(new ThreeWayBudget.Settings(0.04, 4, 0), new DayCounts(0, 0, List.of()));
        assertThat(none.allows(0)).isFalse();
    }

    @Test
    void realShareForTheReport() {
        assertThat(ThreeWayBudget.share(4, 100)).isEqualTo(0.04);
        assertThat(ThreeWayBudget.share(0, 0)).isZero();
    }

    @Test
    void settingsValidate() {
        assertThatThrownBy(() -> new ThreeWayBudget.Settings(0, 4, 100)).hasMessageContaining("share");
        assertThatThrownBy(() -> new ThreeWayBudget.Settings(0.04, 0, 100)).hasMessageContaining("lookbackWeeks");
        assertThatThrownBy(() -> new ThreeWayBudget.Settings(0.04, 4, -1)).hasMessageContaining("floorCalls");
        assertThatThrownBy(() -> new DayCounts(-1, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
