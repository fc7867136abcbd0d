package org.hotline.cti.domain.roster;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RosterTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkCalendar CAL = WorkCalendar.of(
            List.of(
                    new SpecialDay(LocalDate.of(2026, 2, 17), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 14), SpecialDay.Kind.MAKE_UP_WORKDAY, "春节")),
            Set.of(2026),
            WorkingHours.DEFAULT,
            SHANGHAI);

    static final RotationDuty WANG = new RotationDuty("王敏", "tax", "7101", Set.of(TUESDAY), Set.of());
    static final RotationDuty LIU =
            new RotationDuty("刘洋", "tax", "7102", Set.of(FRIDAY), Set.of(LocalDate.of(2026, 2, 14)));
    static final SupervisorShift LI =
            new SupervisorShift("李静", "8901", Set.of(MONDAY, WEDNESDAY, FRIDAY), TimeRange.parse("08:00-20:00"));
    static final SupervisorShift CHEN =
            new SupervisorShift("陈刚", "8902", Set.of(TUESDAY, THURSDAY), TimeRange.parse("08:00-20:00"));
    static final SupervisorShift ZHOU =
            new SupervisorShift("周涛", "8903", Set.of(FRIDAY), TimeRange.parse("20:00-08:00"));

    final Roster roster = new Roster(RotationRules.R4, List.of(WANG, LIU), List.of(LI, CHEN, ZHOU), CAL);

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    @DisplayName("R4: Tuesday 08:30-11:30 session rings the Tuesday specialist")
    void r4TuesdaySession() {
        assertThat(roster.onDutySpecialist("tax", at("2026-03-03T08:30"))).contains(WANG);
        assertThat(roster.onDutySpecialist("tax", at("2026-03-03T11:29"))).contains(WANG);
        assertThat(roster.inRotationSession(at("2026-03-03T10:00"))).isTrue();
    }

    @Test
    @DisplayName("R4: outside 08:30-11:30 or on other days nobody is on rotation")
    void r4OutsideSession() {
        assertThat(roster.onDutySpecialist("tax", at("2026-03-03T08:29"))).isEmpty();
        assertThat(roster.onDutySpecialist("tax", at("2026-03-03T11:30"))).isEmpty();
        assertThat(roster.onDutySpecialist("tax", at("2026-03-04T09:00"))).isEmpty(); // Wednesday
        assertThat(roster.onDutySpecialist("market", at("2026-03-03T09:00"))).isEmpty();
        assertThat(roster.inRotationSession(at("2026-03-04T09:00"))).isFalse();
    }

    @Test
    @DisplayName("R4: Friday specialist on Fridays")
    void r4Friday() {
        assertThat(roster.onDutySpecialist("tax", at("2026-03-06T09:00"))).contains(LIU);
    }

    @Test
    @DisplayName("R4: no session on a holiday Tuesday (春节)")
    void r4HolidayTuesday() {
        assertThat(roster.onDutySpecialist("tax", at("2026-02-17T09:00"))).isEmpty();
        assertThat(roster.inRotationSession(at("2026-02-17T09:00"))).isFalse();
    }

    @Test
    @DisplayName("R4: an extra date (make-up Saturday) holds a session")
    void r4ExtraDate() {
        assertThat(roster.onDutySpecialist("tax", at("2026-02-14T09:00"))).contains(LIU);
        assertThat(roster.inRotationSession(at("2026-02-14T09:00"))).isTrue();
    }

    @Test
    @DisplayName("R11: day and overnight supervisors")
    void r11DutySupervisor() {
        assertThat(roster.dutySupervisor(at("2026-03-02T08:00"))).contains(LI); // Monday
        assertThat(roster.dutySupervisor(at("2026-03-03T19:59"))).contains(CHEN); // Tuesday
        assertThat(roster.dutySupervisor(at("2026-03-06T23:00"))).contains(ZHOU); // Friday night
        assertThat(roster.dutySupervisor(at("2026-03-07T07:59"))).contains(ZHOU); // its tail on Saturday
        assertThat(roster.dutySupervisor(at("2026-03-07T08:00"))).isEmpty(); // Saturday day
        assertThat(roster.dutySupervisor(at("2026-03-02T07:00"))).isEmpty(); // Monday dawn
    }

    @Test
    @DisplayName("R11: when nobody is on duty, the next supervisor and the start of their shift")
    void r11NextSupervisor() {
        assertThat(roster.dutySupervisorOrNext(at("2026-03-07T09:00")))
                .get()
                .isEqualTo(new Roster.SupervisorOnDuty(LI, at("2026-03-09T08:00"))); // Saturday -> Monday
        assertThat(roster.dutySupervisorOrNext(at("2026-03-03T21:00")))
                .get()
                .isEqualTo(new Roster.SupervisorOnDuty(LI, at("2026-03-04T08:00"))); // Tuesday night -> Wednesday
        assertThat(roster.dutySupervisorOrNext(at("2026-03-05T20:00")))
                .get()
                .isEqualTo(new Roster.SupervisorOnDuty(LI, at("2026-03-06T08:00")));
        assertThat(roster.dutySupervisorOrNext(at("2026-03-06T10:00")))
                .get()
                .isEqualTo(new Roster.SupervisorOnDuty(LI, at("2026-03-06T10:00"))); // on duty now
        assertThat(new Roster(RotationRules.R4, List.of(), List.of(), CAL).dutySupervisorOrNext(at("2026-03-06T10:00")))
                .isEmpty();
    }

    @Test
    void overnightShiftBelongsToTheDayItStarts() {
        SupervisorShift sundayNight = new SupervisorShift("x", "1", Set.of(SUNDAY), TimeRange.parse("22:00-06:00"));
        assertThat(sundayNight.covers(LocalDateTime.parse("2026-03-08T23:00"))).isTrue();
        assertThat(sundayNight.covers(LocalDateTime.parse("2026-03-09T05:59"))).isTrue();
        assertThat(sundayNight.covers(LocalDateTime.parse("2026-03-08T05:00"))).isFalse();
        assertThat(sundayNight.covers(LocalDateTime.parse("2026-03-07T23:00"))).isFalse();
    }
}
