package org.hotline.cti.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** R2: what the agent tells a night caller; "next working day" alone would name the wrong morning at 02:00. */
class DueWordingTest {
    private static final WorkCalendar CAL = WorkCalendarTest.CAL;

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(WorkCalendarTest.SHANGHAI).toInstant();
    }

    @ParameterizedTest(name = "taken {0}: due {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-11-30T02:00 | 今日 09:00", // Monday before dawn: this morning
                "2026-11-30T22:00 | 次日（12月1日 周二）09:00", // Monday night: Tuesday
                "2026-12-04T18:30 | 12月7日（周一）09:00", // Friday evening: over the weekend
                "2026-12-05T02:00 | 12月7日（周一）09:00", // Saturday before dawn: not 今日
                "2026-09-30T20:00 | 10月8日（周四）09:00", // eve of 国庆节
                "2026-12-31T20:00 | 2027年1月4日（周一）09:00", // eve of 元旦, into the next year
                "2026-10-09T19:00 | 次日（10月10日 周六）09:00", // 调休 Saturday is a working day
            })
    void theDueMorningReadsAsTodayTheNextDayOrItsDate(String taken, String wording) {
        Instant now = at(taken);
        assertThat(DueWording.of(CAL.nextWorkingDayAt0900(now), now, WorkCalendarTest.SHANGHAI))
                .isEqualTo(wording);
    }
}
