package org.hotline.cti.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every config file (jicofo's habit: units in the values): a
 * non-negative number, optionally with a fraction, then a unit, with or without a space between —
 * {@code 90 seconds}, {@code 5 min}, {@code 2h}, {@code 200 ms}, {@code 1.5 hours}, {@code 1 day}.
 * A bare number is refused: {@code 10} could be seconds or milliseconds, and the reader must not
 * have to guess.
 */
public final class Durations {

    /** Units and what they are called in values; a unit is matched whole, case-insensitively. */
    static final String UNITS = "ms, s, min, h, d (or milliseconds, seconds, minutes, hours, days)";

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");

    private Durations() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} with a reason a config file's reader can act on. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "must be a duration with a unit such as '90 seconds', '5 min' or '2h', was '" + text + "'");
        }
        long unitMillis = switch (m.group(2)) {
            case "ms", "milli", "millis", "millisecond", "milliseconds" -> 1L;
            case "s", "sec", "secs", "second", "seconds" -> 1_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            default ->
                throw new IllegalArgumentException("must be a duration with a unit: '" + m.group(2) + "' in '" + text
                        + "' is not one of " + UNITS);
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("must be a duration of whole milliseconds, was '" + text + "'");
        }
        try {
            return Duration.ofMillis(millis.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too long, was '" + text + "'", e);
        }
    }
}
