package org.hotline.cti.domain.calendar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When the enterprise desk has agents answering: the desk's staffed hours, which are NOT the
 * departments' working time. The 12345 hotline answers around the clock (RULES.md, corrections to
 * R2): outside the departments' working time the agent still takes the call and makes a 次紧急
 * work order instead of a three-way call. Only a desk an operator configures as really unstaffed
 * at some hours sends callers to the closed message and a callback (R11).
 *
 * @param hours the daily local hours the desk is staffed, when {@code mode} is {@link Mode#HOURS}
 */
public record DeskStaffing(Mode mode, List<TimeRange> hours) {

    public enum Mode {
        /** Staffed day and night, every day: the hotline's default. */
        AROUND_THE_CLOCK("around-the-clock"),
        /** Staffed only in the departments' working time (config/calendar): a desk without night staff. */
        WORKING_TIME("working-time"),
        /** Staffed in the given daily hours, every day. */
        HOURS("HH:MM-HH:MM");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }
    }

    public static final DeskStaffing AROUND_THE_CLOCK = new DeskStaffing(Mode.AROUND_THE_CLOCK, List.of());

    public DeskStaffing {
        hours = List.copyOf(hours);
        if ((mode == Mode.HOURS) == hours.isEmpty()) {
            throw new IllegalArgumentException(
                    mode == Mode.HOURS ? "no staffed hours given" : mode.wire + " takes no hours");
        }
    }

    /**
     * {@code around-the-clock}, {@code working-time}, or daily hours such as {@code 07:00-23:00}
     * (several separated by commas; {@code 20:00-08:00} runs over midnight).
     */
    public static DeskStaffing parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals(Mode.AROUND_THE_CLOCK.wire)) {
            return AROUND_THE_CLOCK;
        }
        if (t.equals(Mode.WORKING_TIME.wire)) {
            return new DeskStaffing(Mode.WORKING_TIME, List.of());
        }
        List<TimeRange> ranges = new ArrayList<>();
        try {
            for (String part : t.split(",")) {
                ranges.add(TimeRange.parse(part));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "must be around-the-clock, working-time or daily hours such as " + "'07:00-23:00', was '" + text
                            + "' (" + e.getMessage() + ")",
                    e);
        }
        return new DeskStaffing(Mode.HOURS, ranges);
    }

    /** True when an agent should be there to answer at {@code at}; {@code calendar} is the departments' working time. */
    public boolean staffedAt(Instant at, WorkCalendar calendar) {
        return switch (mode) {
            case AROUND_THE_CLOCK -> true;
            case WORKING_TIME -> calendar.isWorkingTime(at);
            case HOURS ->
                hours.stream()
                        .anyMatch(r -> r.contains(at.atZone(calendar.zone()).toLocalTime()));
        };
    }

    @Override
    public String toString() {
        return mode == Mode.HOURS
                ? String.join(", ", hours.stream().map(TimeRange::toString).toList())
                : mode.wire;
    }
}
