package org.hotline.cti.domain.rotation;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.roster.RotationRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** R4: which days and hours are rotation sessions, by the roster's rules and the working calendar. */
class RotationScheduleTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 国庆 2026: Friday 2 October off; Saturday 10 October a make-up working day (调休). */
    static final LocalDate HOLIDAY_FRIDAY = LocalDate.of(2026, 10, 2);

    static final LocalDate MAKE_UP_SATURDAY = LocalDate.of(2026, 10, 10);
    static final WorkCalendar CAL = WorkCalendar.of(
            List.of(
                    new SpecialDay(LocalDate.of(2026, 10, 1), SpecialDay.Kind.HOLIDAY, "国庆"),
                    new SpecialDay(HOLIDAY_FRIDAY, SpecialDay.Kind.HOLIDAY, "国庆"),
                    new SpecialDay(MAKE_UP_SATURDAY, SpecialDay.Kind.MAKE_UP_WORKDAY, "国庆")),
            Set.of(2026),
            WorkingHours.DEFAULT,
            SHANGHAI);
    static final RotationDuty WANG = new RotationDuty("王敏", "tax", "7101", Set.of(TUESDAY), Set.of());
    static final RotationDuty ZHANG = new RotationDuty("张丽", "market", "7201", Set.of(TUESDAY, FRIDAY), Set.of());

    static Roster roster(RotationDuty... duties) {
        return new Roster(RotationRules.R4, List.of(duties), List.of(), CAL);
    }

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    final RotationSchedule schedule = new RotationSchedule(roster(WANG, ZHANG));

    @Test
    @DisplayName("R4: a Tuesday 09:00 is inside that morning's 08:30–11:30 session")
    void tuesdayMorning() {
        SessionSlot slot = schedule.inProgress(at("2026-03-03T09:00")).orElseThrow();
        assertThat(slot.date()).isEqualTo(LocalDate.of(2026, 3, 3));
        assertThat(slot.start()).isEqualTo(at("2026-03-03T08:30"));
        assertThat(slot.end()).isEqualTo(at("2026-03-03T11:30"));
        assertThat(schedule.inProgress(at("2026-03-03T08:29"))).isEmpty();
        assertThat(schedule.inProgress(at("2026-03-03T11:30"))).isEmpty();
    }

    @Test
    @DisplayName("R4: a Friday that is a holiday has no session")
    void holidayFriday() {
        assertThat(schedule.sessionOn(HOLIDAY_FRIDAY)).isEmpty();
        assertThat(schedule.inProgress(at("2026-10-02T09:00"))).isEmpty();
        assertThat(schedule.sessionOn(LocalDate.of(2026, 10, 9))).isPresent(); // the next Friday, a working day
    }

    @Test
    @DisplayName("R4: a 调休 make-up Saturday is not a session day unless the roster lists it as an extra date")
    void makeUpSaturday() {
        assertThat(schedule.sessionOn(MAKE_UP_SATURDAY)).isEmpty();
        RotationDuty extra = new RotationDuty("刘洋", "tax", "7102", Set.of(FRIDAY), Set.of(MAKE_UP_SATURDAY));
        assertThat(new RotationSchedule(roster(WANG, extra)).sessionOn(MAKE_UP_SATURDAY))
                .isPresent();
    }

    @Test
    @DisplayName(
            "R4: outside a session the current one is the next: Wednesday → Friday; after the holiday, the next working Tuesday")
    void nextSession() {
        assertThat(schedule.currentOrNext(at("2026-03-04T10:00")).orElseThrow().date())
                .isEqualTo(LocalDate.of(2026, 3, 6));
        assertThat(schedule.currentOrNext(at("2026-03-03T11:30")).orElseThrow().date())
                .isEqualTo(LocalDate.of(2026, 3, 6));
        assertThat(schedule.currentOrNext(at("2026-03-03T07:00")).orElseThrow().date())
                .isEqualTo(LocalDate.of(2026, 3, 3));
        // 国庆: Thursday 1 and Friday 2 October off; Tuesday 6 October is a plain working day here.
        assertThat(schedule.currentOrNext(at("2026-09-30T12:00")).orElseThrow().date())
                .isEqualTo(LocalDate.of(2026, 10, 6));
    }
}
