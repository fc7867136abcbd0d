package org.hotline.cti.domain.dialtest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.hotline.cti.domain.calendar.WorkCalendar;

/**
 * When the scheduled dial-tests run (R8: the hotline tests the departments' transfer numbers
 * periodically): at fixed local times, on working days only (a holiday has no three-way calls to
 * keep alive, and nobody would answer the test), or every day.
 */
public record DialTestSchedule(List<LocalTime> times, boolean workingDaysOnly) {
    /** A year with no working day is a broken calendar, not a reason to loop forever. */
    private static final int MAX_SEARCH_DAYS = 400;

    public DialTestSchedule {
        times = times.stream().sorted().distinct().toList();
    }

    /** The first run strictly after {@code from}, or empty when no times are configured. */
    public Optional<Instant> nextAfter(Instant from, WorkCalendar calendar) {
        if (times.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime local = from.atZone(calendar.zone());
        LocalDate day = local.toLocalDate();
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (workingDaysOnly && !calendar.isWorkingDay(day)) {
                continue;
            }
            for (LocalTime t : times) {
                Instant at = day.atTime(t).atZone(calendar.zone()).toInstant();
                if (at.isAfter(from)) {
                    return Optional.of(at);
                }
            }
        }
        throw new IllegalStateException("no working day within " + MAX_SEARCH_DAYS + " days after "
                + local.toLocalDate() + ": check config/calendar");
    }
}
