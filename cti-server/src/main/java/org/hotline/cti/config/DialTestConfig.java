package org.hotline.cti.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.app.dialtest.DialTestSettings;

/** Reads the {@code dialTests:} section (R8) into {@link DialTestSettings}. */
final class DialTestConfig {
    private DialTestConfig() {}

    static DialTestSettings from(ConfigNode n) {
        DialTestSettings d = DialTestSettings.defaults();
        List<LocalTime> times = new ArrayList<>();
        for (String t :
                n.strings("times", d.times().stream().map(LocalTime::toString).toList())) {
            try {
                times.add(LocalTime.parse(t.trim()));
            } catch (DateTimeParseException e) {
                n.problem("times", "each time must be HH:MM (quoted), was '" + t + "'");
            }
        }
        Duration ring = n.duration("ringTimeout", d.ringTimeout());
        if (ring.isZero() || ring.compareTo(Duration.ofMinutes(2)) > 0) {
            n.problem("ringTimeout", "must be between 1 second and 2 minutes, was " + ring.toSeconds() + " seconds");
        }
        return new DialTestSettings(
                times,
                n.bool("workingDaysOnly", d.workingDaysOnly()),
                ring,
                n.integer("failingAfter", d.failingAfter(), 1, 100),
                n.text("callerIdNumber", d.callerIdNumber()),
                n.text("callerIdName", d.callerIdName()));
    }
}
