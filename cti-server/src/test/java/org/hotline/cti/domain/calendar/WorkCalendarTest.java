package org.hotline.cti.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkCalendarTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** A hand-made table: part of 2026's official schedule, and 2027's 元旦 for the year boundary. */
    static final WorkCalendar CAL = WorkCalendar.of(table(), Set.of(2026, 2027), WorkingHours.DEFAULT, SHANGHAI);

    static List<SpecialDay> table() {
        List<SpecialDay> days = new ArrayList<>();
        off(days, "元旦", "2026-01-01", "2026-01-03");
        work(days, "元旦", "2026-01-04");
        off(days, "春节", "2026-02-15", "2026-02-23");
        work(days, "春节", "2026-02-14");
        work(days, "春节", "2026-02-28");
        off(days, "劳动节", "2026-05-01", "2026-05-05");
        work(days, "劳动节", "2026-05-09");
        off(days, "国庆节", "2026-10-01", "2026-10-07");
        work(days, "国庆节", "2026-09-20");
        work(days, "国庆节", "2026-10-10");
        off(days, "元旦", "2027-01-01", "2027-01-03");
        return days;
    }

    static void off(List<SpecialDay> days, String name, String from, String to) {
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            days.add(new SpecialDay(d, SpecialDay.Kind.HOLIDAY, name));
        }
    }

    static void work(List<SpecialDay> days, String name, String date) {
        days.add(new SpecialDay(LocalDate.parse(date), SpecialDay.Kind.MAKE_UP_WORKDAY, name));
    }

    /** Local Shanghai time as an instant: "2026-02-13T18:00". */
    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Nested
    class WorkingDays {
        @ParameterizedTest(name = "{0} ({1}) working={2}")
        @CsvSource({
            "2026-03-02, plain Monday, true",
            "2026-03-06, plain Friday, true",
            "2026-03-07, plain Saturday, false",
            "2026-03-08, plain Sunday, false",
            "2026-01-01, 元旦 Thursday, false",
            "2026-01-02, 元旦 Friday, false",
            "2026-01-04, 元旦 make-up Sunday, true",
            "2026-02-14, 春节 make-up Saturday, true",
            "2026-02-16, 春节 Monday, false",
            "2026-02-23, 春节 last day Monday, false",
            "2026-02-24, first Tuesday after 春节, true",
            "2026-02-28, 春节 make-up Saturday, true",
            "2026-03-01, Sunday after make-up Saturday, false",
            "2026-05-09, 劳动节 make-up Saturday, true",
            "2026-09-20, 国庆 make-up Sunday, true",
            "2026-10-07, 国庆 Wednesday, false",
            "2026-10-08, Thursday after 国庆, true",
            "2026-10-10, 国庆 make-up Saturday, true",
            "2026-12-31, New Year's Eve Thursday, true",
            "2027-01-01, 2027 元旦 Friday, false",
            "2027-01-04, first Monday of 2027, true",
        })
        void statutoryCalendar(LocalDate date, String what, boolean working) {
            assertThat(CAL.isWorkingDay(date)).as(what).isEqualTo(working);
        }

        @Test
        void yearWithoutTableFallsBackToMondayToFriday() {
            assertThat(CAL.covers(2028)).isFalse();
            assertThat(CAL.isWorkingDay(LocalDate.of(2028, 1, 3))).isTrue(); // Monday
            assertThat(CAL.isWorkingDay(LocalDate.of(2028, 1, 1))).isFalse(); // Saturday
        }

        @Test
        void specialDayCarriesTheChineseName() {
            assertThat(CAL.specialDay(LocalDate.of(2026, 2, 17)))
                    .get()
                    .extracting(SpecialDay::name)
                    .isEqualTo("春节");
        }
    }

    @Nested
    @DisplayName("R1 working time")
    class WorkingTime {
        @ParameterizedTest(name = "{0} working time={1}")
        @CsvSource({
            "2026-03-03T08:29:59, false",
            "2026-03-03T08:30, true",
            "2026-03-03T11:59:59, true",
            "2026-03-03T12:00, false",
            "2026-03-03T13:29, false",
            "2026-03-03T13:30, true",
            "2026-03-03T16:59, true",
            "2026-03-03T17:00, false",
            "2026-03-03T02:00, false",
            "2026-03-07T10:00, false",
            "2026-02-14T10:00, true",
            "2026-02-17T10:00, false",
        })
        void insideHoursOnWorkingDaysOnly(String local, boolean expected) {
            assertThat(CAL.isWorkingTime(at(local))).isEqualTo(expected);
        }

        @Test
        void readsTheHotlineZoneNotUtc() {
            // 01:00 UTC is 09:00 in Shanghai.
            assertThat(CAL.isWorkingTime(Instant.parse("2026-03-03T01:00:00Z"))).isTrue();
        }

        @Test
        void withAFixedClock() {
            Clock clock = Clock.fixed(at("2026-02-14T09:15"), SHANGHAI);
            assertThat(CAL.isWorkingTime(clock.instant())).isTrue();
        }
    }

    @Nested
    @DisplayName("R2 next working day 09:00")
    class NextWorkingDay {
        @ParameterizedTest(name = "from {0} -> {1} ({2})")
        @CsvSource({
            "2026-03-03T02:00, 2026-03-03T09:00, early morning of a working day: same day",
            "2026-03-03T08:59:59, 2026-03-03T09:00, just before 09:00: same day",
            "2026-03-03T09:00, 2026-03-04T09:00, exactly 09:00: next day",
            "2026-03-03T18:00, 2026-03-04T09:00, evening: next working day",
            "2026-03-06T18:00, 2026-03-09T09:00, Friday evening: Monday",
            "2026-03-07T10:00, 2026-03-09T09:00, Saturday: Monday",
            "2026-03-08T23:59, 2026-03-09T09:00, Sunday night: Monday",
            "2026-02-13T18:00, 2026-02-14T09:00, Friday before 春节: make-up Saturday",
            "2026-02-14T18:00, 2026-02-24T09:00, make-up Saturday evening: after 春节",
            "2026-02-17T03:00, 2026-02-24T09:00, inside 春节: after it",
            "2026-04-30T17:30, 2026-05-06T09:00, eve of 劳动节: after it",
            "2026-09-30T20:00, 2026-10-08T09:00, eve of 国庆: after it",
            "2026-10-09T18:00, 2026-10-10T09:00, Friday before make-up Saturday",
            "2026-12-31T17:05, 2027-01-04T09:00, year boundary over 2027 元旦",
            "2026-01-03T12:00, 2026-01-04T09:00, 元旦 Saturday: make-up Sunday",
        })
        void dueAtNine(String from, String expected, String why) {
            assertThat(CAL.nextWorkingDayAt0900(at(from))).as(why).isEqualTo(at(expected));
        }

        @Test
        void otherTimesOfDay() {
            assertThat(CAL.nextWorkingDayAt(at("2026-03-03T10:00"), LocalTime.of(14, 0)))
                    .isEqualTo(at("2026-03-03T14:00"));
        }
    }

    @Nested
    class PlusWorkingDays {
        @ParameterizedTest(name = "{0} + {1} -> {2}")
        @CsvSource({
            "2026-03-03T10:00, 0, 2026-03-03T10:00",
            "2026-03-03T10:00, 1, 2026-03-04T10:00",
            "2026-03-05T10:00, 3, 2026-03-10T10:00",
            "2026-03-07T10:00, 1, 2026-03-09T10:00",
            "2026-03-07T10:00, 3, 2026-03-11T10:00",
            "2026-02-12T15:00, 3, 2026-02-24T15:00",
            "2026-02-13T15:00, 1, 2026-02-14T15:00",
            "2026-09-30T09:00, 5, 2026-10-13T09:00",
            "2026-12-30T11:00, 2, 2027-01-04T11:00",
            "2026-03-10T10:00, -3, 2026-03-05T10:00",
            "2026-02-24T10:00, -1, 2026-02-14T10:00",
        })
        void countsWorkingDaysOnly(String from, int n, String expected) {
            assertThat(CAL.plusWorkingDays(at(from), n)).isEqualTo(at(expected));
        }
    }

    @Nested
    @DisplayName("demo: always open")
    class AlwaysOpen {
        final WorkCalendar open = WorkCalendar.alwaysOpen(SHANGHAI);

        @Test
        void everyDayAndHourIsWorking() {
            assertThat(open.isWorkingDay(LocalDate.of(2026, 2, 17))).isTrue();
            assertThat(open.isWorkingTime(at("2026-02-17T03:00"))).isTrue();
            assertThat(open.covers(2099)).isTrue();
            assertThat(open.plusWorkingDays(at("2026-03-07T10:00"), 1)).isEqualTo(at("2026-03-08T10:00"));
        }
    }

    /** R13: a department signs and contacts the caller within 2 h of working time. */
    @Nested
    class PlusWorkingTime {
        @ParameterizedTest(name = "{0} + {1} min of working time = {2}")
        @CsvSource({
            "2026-03-05T10:00, 120, 2026-03-05T12:00", // fits in the morning
            "2026-03-05T10:00, 0,   2026-03-05T10:00",
            "2026-03-05T11:00, 120, 2026-03-05T14:30", // the lunch break does not count
            "2026-03-05T12:30, 120, 2026-03-05T15:30", // starting in the lunch break
            "2026-03-05T07:00, 30,  2026-03-05T09:00", // before opening: from 08:30
            "2026-03-05T16:30, 30,  2026-03-05T17:00", // ends exactly at closing time
            "2026-03-06T16:30, 120, 2026-03-09T10:00", // Friday: over the weekend
            "2026-02-13T16:00, 120, 2026-02-14T09:30", // the make-up Saturday before 春节 counts
            "2026-02-14T16:00, 120, 2026-02-24T09:30", // 春节 15–23 February does not
            "2026-09-30T16:00, 600, 2026-10-09T10:30", // 国庆 1–7 Oct: 1 h on the 30th, 7 h on Thursday 8th, 2 h on the
            // 9th
        })
        void countsOnlyWorkingHoursOfWorkingDays(String from, long minutes, String expected) {
            assertThat(CAL.plusWorkingTime(at(from), java.time.Duration.ofMinutes(minutes)))
                    .isEqualTo(at(expected));
        }

        @Test
        void alwaysOpenIsWallTime() {
            assertThat(WorkCalendar.alwaysOpen(SHANGHAI)
                            .plusWorkingTime(at("2026-02-17T23:00"), java.time.Duration.ofHours(2)))
                    .isEqualTo(at("2026-02-18T01:00"));
            assertThatThrownBy(() -> CAL.plusWorkingTime(at("2026-03-05T10:00"), java.time.Duration.ofMinutes(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsADateListedTwice() {
        List<SpecialDay> days = List.of(
                new SpecialDay(LocalDate.of(2026, 1, 1), SpecialDay.Kind.HOLIDAY, "元旦"),
                new SpecialDay(LocalDate.of(2026, 1, 1), SpecialDay.Kind.MAKE_UP_WORKDAY, "元旦"));
        assertThatThrownBy(() -> WorkCalendar.of(days, Set.of(2026), WorkingHours.DEFAULT, SHANGHAI))
                .hasMessageContaining("2026-01-01");
    }

    @Test
    void timeRangeParsing() {
        assertThat(TimeRange.parse("08:30-12:00")).isEqualTo(new TimeRange(LocalTime.of(8, 30), LocalTime.of(12, 0)));
        assertThat(TimeRange.parse("20:00 - 08:00").contains(LocalTime.of(2, 0)))
                .isTrue();
        assertThatThrownBy(() -> TimeRange.parse("8h-12h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new WorkingHours(List.of(TimeRange.parse("13:30-17:00"), TimeRange.parse("08:30-12:00"))))
                .hasMessageContaining("overlaps or precedes");
    }
}
