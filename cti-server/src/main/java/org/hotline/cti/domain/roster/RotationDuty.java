package org.hotline.cti.domain.roster;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * R4: a department's policy specialist who sits at the hotline during rotation sessions, reachable
 * on a hotline {@code extension}; on every listed weekday and on the listed extra dates.
 */
public record RotationDuty(
        String specialist, String department, String extension, Set<DayOfWeek> days, Set<LocalDate> dates) {

    public RotationDuty {
        Objects.requireNonNull(specialist, "specialist");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(extension, "extension");
        days = Set.copyOf(days);
        dates = Set.copyOf(dates);
        if (days.isEmpty() && dates.isEmpty()) {
            throw new IllegalArgumentException("rotation duty of " + specialist + " has neither days nor dates");
        }
    }

    public boolean appliesOn(LocalDate date) {
        return dates.contains(date) || days.contains(date.getDayOfWeek());
    }
}
