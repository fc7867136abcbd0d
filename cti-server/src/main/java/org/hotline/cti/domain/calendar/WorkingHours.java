package org.hotline.cti.domain.calendar;

import java.time.LocalTime;
import java.util.List;

/** The periods of a working day when the enterprise desk transfers calls (R1); same-day ranges only. */
public record WorkingHours(List<TimeRange> periods) {

    /** 08:30–12:00 and 13:30–17:00, the usual government office hours. */
    public static final WorkingHours DEFAULT = new WorkingHours(List.of(
            new TimeRange(LocalTime.of(8, 30), LocalTime.of(12, 0)),
            new TimeRange(LocalTime.of(13, 30), LocalTime.of(17, 0))));

    public WorkingHours {
        periods = List.copyOf(periods);
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("working hours need at least one period");
        }
        for (int i = 0; i < periods.size(); i++) {
            TimeRange p = periods.get(i);
            if (p.overnight()) {
                throw new IllegalArgumentException("working period " + p + " runs over midnight");
            }
            if (i > 0 && p.start().isBefore(periods.get(i - 1).end())) {
                throw new IllegalArgumentException(
                        "working period " + p + " overlaps or precedes " + periods.get(i - 1));
            }
        }
    }

    public boolean contains(LocalTime time) {
        return periods.stream().anyMatch(p -> p.contains(time));
    }

    @Override
    public String toString() {
        return periods.toString();
    }
}
