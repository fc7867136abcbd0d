package org.hotline.cti.domain.dialtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.hotline.cti.config.CalendarConfigLoader;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.junit.jupiter.api.Test;

/** R8 schedule on the real 2026 calendar: 国庆节 is 10-01..10-07, with make-up working day Saturday 10-10. */
class DialTestScheduleTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final WorkCalendar CAL = CalendarConfigLoader.load(Path.of("../config/calendar"));
    private static final DialTestSchedule SCHEDULE =
            new DialTestSchedule(List.of(LocalTime.of(13, 15), LocalTime.of(8, 15)), true);

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    void runsAtEachTimeOfAWorkingDayInOrder() {
        assertThat(SCHEDULE.nextAfter(at("2026-09-29T07:00"), CAL)).contains(at("2026-09-29T08:15"));
        assertThat(SCHEDULE.nextAfter(at("2026-09-29T08:15"), CAL)).contains(at("2026-09-29T13:15"));
    }

    @Test
    void skipsTheNationalDayHolidayAndRunsOnTheFirstWorkingDayAfterIt() {
        assertThat(SCHEDULE.nextAfter(at("2026-09-30T13:20"), CAL)).contains(at("2026-10-08T08:15"));
    }

    @Test
    void runsOnAMakeUpSaturdayButNotOnAnOrdinarySunday() {
        assertThat(SCHEDULE.nextAfter(at("2026-10-09T13:15"), CAL)).contains(at("2026-10-10T08:15"));
        assertThat(SCHEDULE.nextAfter(at("2026-10-10T13:15"), CAL)).contains(at("2026-10-12T08:15"));
    }

    @Test
    void everyDayWhenNotLimitedToWorkingDaysAndNeverWithoutTimes() {
        DialTestSchedule daily = new DialTestSchedule(List.of(LocalTime.of(8, 15)), false);
        assertThat(daily.nextAfter(at("2026-10-01T09:00"), CAL)).contains(at("2026-10-02T08:15"));
        assertThat(new DialTestSchedule(List.of(), true).nextAfter(at("2026-10-01T09:00"), CAL))
                .isEmpty();
    }
}
