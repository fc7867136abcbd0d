package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalendarConfigLoaderTest {

    /** Surefire runs in cti-server/, the project's config/ is beside it. */
    static final Path PROJECT_CALENDAR = Path.of("..", "config", "calendar");

    static final WorkCalendar REAL = CalendarConfigLoader.load(PROJECT_CALENDAR);

    @Test
    void projectCalendarLoads() {
        assertThat(REAL.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(REAL.workingHours()).isEqualTo(WorkingHours.DEFAULT);
        assertThat(REAL.covers(2026)).isTrue();
        assertThat(REAL.covers(2027)).isTrue();
    }

    /** Every 2026 holiday and make-up day of the State Council notice, as tyme4j 1.4.9 also has them. */
    @ParameterizedTest(name = "2026 {0}: working={1}")
    @CsvSource({
        "2026-01-01, false",
        "2026-01-03, false",
        "2026-01-04, true",
        "2026-02-14, true",
        "2026-02-15, false",
        "2026-02-23, false",
        "2026-02-24, true",
        "2026-02-28, true",
        "2026-04-03, true",
        "2026-04-04, false",
        "2026-04-06, false",
        "2026-04-07, true",
        "2026-05-01, false",
        "2026-05-05, false",
        "2026-05-06, true",
        "2026-05-09, true",
        "2026-06-18, true",
        "2026-06-19, false",
        "2026-06-21, false",
        "2026-06-22, true",
        "2026-09-20, true",
        "2026-09-25, false",
        "2026-09-27, false",
        "2026-10-01, false",
        "2026-10-07, false",
        "2026-10-08, true",
        "2026-10-10, true",
        "2027-01-01, false",
        "2027-01-04, true",
        "2027-02-08, false",
        "2027-10-09, true",
    })
    void officialSchedule(LocalDate date, boolean working) {
        assertThat(REAL.isWorkingDay(date)).isEqualTo(working);
    }

    @Test
    void r2DueAcrossSpringFestivalWithTheRealTable() {
        var from = LocalDateTime.parse("2026-02-14T17:30").atZone(REAL.zone()).toInstant();
        assertThat(REAL.nextWorkingDayAt(from, LocalTime.of(9, 0)))
                .isEqualTo(LocalDateTime.parse("2026-02-24T09:00")
                        .atZone(REAL.zone())
                        .toInstant());
    }

    @Test
    void namesFileKeyAndReason(@TempDir Path dir) throws IOException {
        write(dir, "hours.yaml", """
                zone: Mars/Olympus
                workingHours: ["08:30-12:00", "13:30-12:00x"]
                """);
        write(dir, "2026.yaml", """
                year: 2025
                holidays:
                  - name: 春节
                    from: 2026-02-15
                    to: 2026-02-10
                  - name: 劳动节
                    from: 2026-05-01
                    to: 2026-05-05
                    workdays: [2026-05-06, 2026-05-09]
                  - name: ""
                    from: 2026-05-04
                    to: 2026-05-04
                  - name: 重复
                    from: 2026-05-05
                    to: 2026-05-05
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> CalendarConfigLoader.load(dir));
        assertThat(e.id()).isEqualTo("invalid-config");
        assertThat(e.problems())
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        dir.resolve("hours.yaml")
                                + ": zone: expected a time zone such as Asia/Shanghai, got 'Mars/Olympus'",
                        dir.resolve("hours.yaml") + ": workingHours[1]: expected HH:MM-HH:MM, got '13:30-12:00x'",
                        dir.resolve("2026.yaml") + ": year: must be 2026 to match the file name",
                        dir.resolve("2026.yaml") + ": holidays[0].to: is before from (2026-02-15)",
                        dir.resolve("2026.yaml")
                                + ": holidays[1].workdays[0]: 2026-05-06 is a WEDNESDAY, make-up working days fall on weekends",
                        dir.resolve("2026.yaml") + ": holidays[2].name: must be a non-blank value",
                        dir.resolve("2026.yaml") + ": holidays[3].from: 2026-05-05 already listed at "
                                + dir.resolve("2026.yaml") + " holidays[1].from");
    }

    @Test
    void missingTablesAndBadYaml(@TempDir Path dir) throws IOException {
        write(dir, "hours.yaml", "workingHours: [\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> CalendarConfigLoader.load(dir));
        assertThat(e.getMessage()).contains("hours.yaml: line", "not valid YAML", "no YYYY.yaml holiday table found");
    }

    @Test
    void anOperatorIsWarnedOfAProvisionalOrMissingYearBeforeR2DueDatesNeedIt(@TempDir Path dir) throws IOException {
        // The project's tables: 2026 official, 2027 provisional (the notice was not out when written).
        assertThat(REAL.warnings(LocalDate.of(2026, 11, 28))).isEmpty();
        assertThat(REAL.warnings(LocalDate.of(2026, 12, 1)))
                .singleElement()
                .asString()
                .contains("2027", "provisional", "国务院办公厅");
        assertThat(REAL.warnings(LocalDate.of(2027, 12, 15)))
                .hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("no holiday table for 2028", "config/calendar/2028.yaml"));
        assertThat(WorkCalendar.alwaysOpen(REAL.zone()).warnings(LocalDate.of(2030, 12, 31)))
                .isEmpty();

        write(dir, "hours.yaml", "zone: Asia/Shanghai\n");
        write(dir, "2026.yaml", "year: 2026\nprovisional: maybe\nholidays: []\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> CalendarConfigLoader.load(dir));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("2026.yaml", "provisional", "true or false");
    }

    static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
