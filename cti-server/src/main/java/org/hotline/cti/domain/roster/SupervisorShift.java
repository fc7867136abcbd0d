package org.hotline.cti.domain.roster;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Set;
import org.hotline.cti.domain.calendar.TimeRange;

/**
 * A duty supervisor (话务值班长) on duty on {@code days} during {@code hours}; R11 gives them the
 * day's missed-call callbacks. An overnight shift ({@code 20:00-08:00}) belongs to the day it starts.
 */
public record SupervisorShift(String name, String extension, Set<DayOfWeek> days, TimeRange hours) {

    public SupervisorShift {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(hours, "hours");
        days = Set.copyOf(days);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("supervisor " + name + " has no duty days");
        }
    }

    /** True when the shift covers this local date and time. */
    public boolean covers(LocalDateTime local) {
        LocalDate date = local.toLocalDate();
        if (!hours.contains(local.toLocalTime())) {
            return false;
        }
        if (hours.overnight() && local.toLocalTime().isBefore(hours.end())) {
            return days.contains(date.minusDays(1).getDayOfWeek()); // the tail of yesterday's shift
        }
        return days.contains(date.getDayOfWeek());
    }
}
