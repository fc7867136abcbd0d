package org.hotline.cti.domain.calendar;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A half-open range of local time {@code [start, end)}. When {@code end} is not after {@code start}
 * the range runs over midnight (a night shift {@code 20:00-08:00}).
 */
public record TimeRange(LocalTime start, LocalTime end) {

    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("empty time range " + start + "-" + end);
        }
    }

    /** Parses {@code "08:30-12:00"} (an en dash or "~" also separates). */
    public static TimeRange parse(String text) {
        String[] parts = text.trim().split("\\s*[-–~]\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected HH:MM-HH:MM, got '" + text + "'");
        }
        try {
            return new TimeRange(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected HH:MM-HH:MM, got '" + text + "'", e);
        }
    }

    public boolean overnight() {
        return end.isBefore(start);
    }

    /** True when {@code time} lies in the range; the end is excluded. */
    public boolean contains(LocalTime time) {
        if (overnight()) {
            return !time.isBefore(start) || time.isBefore(end);
        }
        return !time.isBefore(start) && time.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
