package org.hotline.cti.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written with their unit, as in the reference files: {@code 20 seconds}, {@code 5 min}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([a-z]+)");

    private Durations() {}

    /** Parses a non-negative whole number followed by a unit; throws with a readable reason. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a number and a unit such as '20 seconds', got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms", "millis", "milliseconds" -> Duration.ofMillis(n);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            case "d", "day", "days" -> Duration.ofDays(n);
            default ->
                throw new IllegalArgumentException(
                        "unknown unit '" + m.group(2) + "' (use ms, seconds, minutes, hours or days)");
        };
    }
}
