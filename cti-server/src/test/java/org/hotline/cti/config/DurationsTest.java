package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one duration grammar of every config file: a number, then its unit (STYLE rule 6). */
class DurationsTest {

    @ParameterizedTest(name = "''{0}'' is {1} ms")
    @CsvSource({
        "90 seconds, 90000",
        "5 min, 300000",
        "2h, 7200000",
        "200 ms, 200",
        "500ms, 500",
        "20 seconds, 20000",
        "1 second, 1000",
        "10 s, 10000",
        "2 Hours, 7200000",
        "3 minutes, 180000",
        "1 day, 86400000",
        "1.5 hours, 5400000",
        "0 seconds, 0",
        "'  30 SECONDS ', 30000"
    })
    void acceptsWhatTheShippedFilesAndDocsWrite(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aBareNumberIsRefusedBecauseItsUnitWouldBeAGuess() {
        assertThatThrownBy(() -> Durations.parse("20"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be a duration with a unit such as '90 seconds', '5 min' or '2h', was '20'");
    }

    @Test
    void refusesNegativeUnknownUnitsAndFractionsOfAMillisecond() {
        assertThatThrownBy(() -> Durations.parse("-3 s")).hasMessageContaining("was '-3 s'");
        assertThatThrownBy(() -> Durations.parse("2 fortnights"))
                .hasMessage("must be a duration with a unit: 'fortnights' in '2 fortnights' is not one of "
                        + Durations.UNITS);
        assertThatThrownBy(() -> Durations.parse("1.5 ms")).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> Durations.parse("5 min 30 s")).hasMessageContaining("was '5 min 30 s'");
    }
}
