package org.hotline.cti.http;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/** The {@code ?date=YYYY-MM-DD} query parameter: a day in the hotline's zone, today when absent. */
final class Days {
    private static final java.util.regex.Pattern DAY = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final int MIN_YEAR = 2000;
    static final int MAX_YEAR = 2999;

    private Days() {}

    static LocalDate parse(String s, ZoneId zone, Clock clock) {
        if (s == null || s.isBlank()) {
            return LocalDate.now(clock.withZone(zone));
        }
        // Issue 11 item 9: LocalDate.parse takes +999999999-12-31, and the day after it is a 500.
        if (!DAY.matcher(s).matches()) {
            throw new CtiException(ErrorId.BAD_DATE, "date must be YYYY-MM-DD, got '" + shorten(s) + "'");
        }
        try {
            LocalDate d = LocalDate.parse(s);
            if (d.getYear() < MIN_YEAR || d.getYear() > MAX_YEAR) {
                throw new CtiException(
                        ErrorId.BAD_DATE,
                        "date must be between " + MIN_YEAR + " and " + MAX_YEAR + ", got '" + s + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new CtiException(ErrorId.BAD_DATE, "date must be YYYY-MM-DD, got '" + s + "'");
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    static Instant end(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
