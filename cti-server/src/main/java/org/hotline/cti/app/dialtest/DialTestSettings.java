package org.hotline.cti.app.dialtest;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * How dial-tests run (R8). Numbers are dialled the way transfers dial them, so a dial-test tests the
 * very line a transfer would use. Read from cti.yaml's {@code dialTests:} section by the config adapter.
 */
public record DialTestSettings(
        List<LocalTime> times,
        boolean workingDaysOnly,
        Duration ringTimeout,
        int failingAfter,
        String callerIdNumber,
        String callerIdName) {
    public static final List<LocalTime> DEFAULT_TIMES = List.of(LocalTime.of(8, 15), LocalTime.of(13, 15));
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(20);

    public static DialTestSettings defaults() {
        return new DialTestSettings(DEFAULT_TIMES, true, DEFAULT_RING_TIMEOUT, 2, "12345", "12345 dial-test");
    }
}
