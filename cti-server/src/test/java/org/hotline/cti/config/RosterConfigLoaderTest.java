package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import org.hotline.cti.domain.calendar.Weekdays;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.roster.RotationRules;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterConfigLoaderTest {

    static final Directory DIRECTORY = DirectoryConfigLoader.load(DirectoryConfigLoaderTest.PROJECT_FILE);

    @Test
    @DisplayName("R4/R11: the project's roster loads and answers who is on duty")
    void projectRosterLoads() {
        Roster r = RosterConfigLoader.load(
                Path.of("..", "config", "roster.yaml"), DIRECTORY, CalendarConfigLoaderTest.REAL);
        assertThat(r.rules()).isEqualTo(RotationRules.R4);
        var tuesday = LocalDateTime.parse("2026-03-03T09:00")
                .atZone(CalendarConfigLoaderTest.REAL.zone())
                .toInstant();
        assertThat(r.onDutySpecialist("tax", tuesday))
                .get()
                .extracting(RotationDuty::extension)
                .isEqualTo("7101");
        assertThat(r.onDutySpecialist("market", tuesday))
                .get()
                .extracting(RotationDuty::specialist)
                .isEqualTo("张丽");
        assertThat(r.dutySupervisor(tuesday))
                .get()
                .extracting(SupervisorShift::name)
                .isEqualTo("陈刚");
        var night = LocalDateTime.parse("2026-03-03T02:00")
                .atZone(CalendarConfigLoaderTest.REAL.zone())
                .toInstant();
        assertThat(r.dutySupervisor(night))
                .get()
                .extracting(SupervisorShift::name)
                .isEqualTo("周涛");
    }

    @Test
    void weekdaysInThreeSpellings() {
        assertThat(Weekdays.parse("TUESDAY")).isEqualTo(DayOfWeek.TUESDAY);
        assertThat(Weekdays.parse("fri")).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(Weekdays.parse("周日")).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(Weekdays.parse("someday")).isNull();
    }

    @Test
    void reportsProblems(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("roster.yaml"), """
                rotation:
                  hours: "11:30-08:30"
                  duties:
                    - specialist: 王敏
                      department: tax
                      extension: "7101"
                      days: [TUESDAY, WEDNESDAY]
                    - specialist: 某人
                      department: tax
                      extension: "7109"
                      days: [周二]
                    - specialist: 无名
                      department: customs
                      extension: "7301"
                      days: [Funday]
                    - specialist: 空
                      department: market
                      extension: "7201"
                supervisors:
                  - name: 李静
                    extension: ""
                    days: []
                    hours: "8-20"
                """, StandardCharsets.UTF_8);
        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> RosterConfigLoader.load(f, DIRECTORY, CalendarConfigLoaderTest.REAL));
        String file = f.toString();
        assertThat(e.problems())
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        file + ": rotation.hours: must not run over midnight",
                        file + ": rotation.duties[0].days: WEDNESDAY is not a rotation day [TUESDAY, FRIDAY] (R4)",
                        file + ": rotation.duties[1]: department tax already has 王敏 on TUESDAY",
                        file + ": rotation.duties[2].department: unknown department 'customs'",
                        file + ": rotation.duties[2].days[0]: 'Funday' is not a weekday (MONDAY, Mon or 周一)",
                        file + ": rotation.duties[3]: needs days or dates",
                        file + ": supervisors[0].extension: must be a non-blank value",
                        file + ": supervisors[0].days: must not be empty",
                        file + ": supervisors[0].hours: expected HH:MM-HH:MM, got '8-20'");
    }
}
