package org.hotline.cti.domain.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.cti.domain.transfer.TransferFixtures.SHANGHAI;
import static org.hotline.cti.domain.transfer.TransferFixtures.at;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R1 transfer connection rate")
class ConnectionRateTest {

    @Test
    void perDepartmentAndShanghaiDay() {
        List<TransferAttempt.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            outcomes.add(new TransferAttempt.Outcome("tax", at("2026-03-03T10:00"), true, Optional.empty()));
        }
        outcomes.add(new TransferAttempt.Outcome("tax", at("2026-03-03T10:05"), false, Optional.of(FailureCause.BUSY)));
        outcomes.add(new TransferAttempt.Outcome(
                "market", at("2026-03-03T10:00"), false, Optional.of(FailureCause.NO_ANSWER)));
        // 00:30 Shanghai on the 4th is still the 3rd in UTC: counted on the 4th.
        outcomes.add(new TransferAttempt.Outcome("tax", at("2026-03-04T00:30"), true, Optional.empty()));

        List<ConnectionRate> rates = ConnectionRate.of(outcomes, SHANGHAI);
        assertThat(rates)
                .containsExactly(
                        new ConnectionRate("market", LocalDate.of(2026, 3, 3), 1, 0),
                        new ConnectionRate("tax", LocalDate.of(2026, 3, 3), 20, 19),
                        new ConnectionRate("tax", LocalDate.of(2026, 3, 4), 1, 1));
        assertThat(rates.get(0).belowTarget()).isTrue();
        assertThat(rates.get(1).ratio()).isEqualTo(0.95);
        assertThat(rates.get(1).belowTarget())
                .as("exactly 95% meets the target")
                .isFalse();
    }

    @Test
    void belowNinetyFivePercent() {
        assertThat(new ConnectionRate("tax", LocalDate.of(2026, 3, 3), 100, 94).belowTarget())
                .isTrue();
        assertThat(new ConnectionRate("tax", LocalDate.of(2026, 3, 3), 0, 0).belowTarget())
                .isFalse();
        assertThat(new ConnectionRate("tax", LocalDate.of(2026, 3, 3), 0, 0).ratio())
                .isEqualTo(1.0);
    }
}
