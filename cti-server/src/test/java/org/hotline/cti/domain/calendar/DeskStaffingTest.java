package org.hotline.cti.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The desk's staffed hours are not the departments' working time (R2 as corrected in RULES.md). */
class DeskStaffingTest {
    private static final WorkCalendar CAL = WorkCalendarTest.CAL;

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(WorkCalendarTest.SHANGHAI).toInstant();
    }

    @Test
    void theDefaultDeskIsStaffedAroundTheClockAlsoAtNightOnHolidaysAndInTheLunchBreak() {
        DeskStaffing d = DeskStaffing.parse("around-the-clock");
        assertThat(d).isEqualTo(DeskStaffing.AROUND_THE_CLOCK);
        assertThat(d.staffedAt(at("2026-11-30T22:00"), CAL)).isTrue(); // Monday night
        assertThat(d.staffedAt(at("2026-10-03T10:00"), CAL)).isTrue(); // 国庆节
        assertThat(d.staffedAt(at("2026-11-30T12:30"), CAL)).isTrue(); // lunch break
    }

    @Test
    void aWorkingTimeDeskIsUnstaffedWhenTheDepartmentsAreClosed() {
        DeskStaffing d = DeskStaffing.parse("working-time");
        assertThat(d.staffedAt(at("2026-11-30T10:00"), CAL)).isTrue();
        assertThat(d.staffedAt(at("2026-11-30T22:00"), CAL)).isFalse();
        assertThat(d.staffedAt(at("2026-10-03T10:00"), CAL)).isFalse();
        assertThat(d.staffedAt(at("2026-10-10T10:00"), CAL)).as("调休 Saturday").isTrue();
    }

    @Test
    void dailyHoursApplyEveryDayAndMayRunOverMidnight() {
        DeskStaffing d = DeskStaffing.parse("07:00-12:00, 13:00-23:00");
        assertThat(d.staffedAt(at("2026-10-03T07:00"), CAL)).isTrue();
        assertThat(d.staffedAt(at("2026-11-30T12:30"), CAL)).isFalse();
        assertThat(d.staffedAt(at("2026-11-30T23:00"), CAL)).isFalse();
        DeskStaffing night = DeskStaffing.parse("20:00-08:00");
        assertThat(night.staffedAt(at("2026-11-30T02:00"), CAL)).isTrue();
        assertThat(night.staffedAt(at("2026-11-30T10:00"), CAL)).isFalse();
        assertThat(d).hasToString("07:00-12:00, 13:00-23:00");
    }

    @Test
    void anythingElseIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> DeskStaffing.parse("24/7")).hasMessageContaining("around-the-clock, working-time");
        assertThatThrownBy(() -> DeskStaffing.parse("")).hasMessageContaining("around-the-clock, working-time");
        assertThatThrownBy(() -> DeskStaffing.parse("07:00-25:00")).hasMessageContaining("HH:MM-HH:MM");
        assertThatThrownBy(() -> DeskStaffing.parse("08:00-08:00")).hasMessageContaining("empty time range");
    }
}
