package org.hotline.cti.domain.roster;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;
import org.hotline.cti.domain.calendar.TimeRange;

/** R4: when rotation sessions take place: on these weekdays (if working days), in these hours. */
public record RotationRules(Set<DayOfWeek> days, TimeRange hours) {

    /** R4: Tuesdays and Fridays, 08:30–11:30. */
    public static final RotationRules R4 = new RotationRules(
            Set.of(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY), new TimeRange(LocalTime.of(8, 30), LocalTime.of(11, 30)));

    public RotationRules {
        days = Set.copyOf(days);
        Objects.requireNonNull(hours, "hours");
        if (hours.overnight()) {
            throw new IllegalArgumentException("rotation hours " + hours + " run over midnight");
        }
    }
}
