package org.hotline.cti.http;

import org.hotline.cti.CtiException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** The {@code ?date=YYYY-MM-DD} query parameter: a day in the hotline's zone, today when absent. */
final class Days {
    private Days() {
    }

    static LocalDate parse(String s, ZoneId zone, Clock clock) {
        if (s == null || s.isBlank()) {
            return LocalDate.now(clock.withZone(zone));
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new CtiException("bad-date", "date must be YYYY-MM-DD, got '" + s + "'");
        }
    }

    static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    static Instant end(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
