package org.hotline.cti.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dialTests:} section (R8). Numbers are dialled the way transfers dial them (the
 * {@code transfer:} section), so a dial-test tests the very line a transfer would use.
 */
public record DialTestConfig(List<LocalTime> times, boolean workingDaysOnly, Duration ringTimeout, int failingAfter,
                             String callerIdNumber, String callerIdName) {
    public static final List<LocalTime> DEFAULT_TIMES = List.of(LocalTime.of(8, 15), LocalTime.of(13, 15));
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(20);

    public static DialTestConfig defaults() {
        return new DialTestConfig(DEFAULT_TIMES, true, DEFAULT_RING_TIMEOUT, 2, "12345", "12345 dial-test");
    }

    static DialTestConfig from(ConfigNode n) {
        List<LocalTime> times = new ArrayList<>();
        for (String t : n.strings("times", List.of("08:15", "13:15"))) {
            try {
                times.add(LocalTime.parse(t.trim()));
            } catch (DateTimeParseException e) {
                throw n.error("times", "each time must be HH:MM (quoted), was '" + t + "'");
            }
        }
        Duration ring = n.duration("ringTimeout", DEFAULT_RING_TIMEOUT);
        if (ring.isZero() || ring.compareTo(Duration.ofMinutes(2)) > 0) {
            throw n.error("ringTimeout", "must be between 1 second and 2 minutes, was " + ring.toSeconds() + " seconds");
        }
        return new DialTestConfig(times, n.bool("workingDaysOnly", true), ring, n.integer("failingAfter", 2, 1, 100),
                n.text("callerIdNumber", "12345"), n.text("callerIdName", "12345 dial-test"));
    }
}
