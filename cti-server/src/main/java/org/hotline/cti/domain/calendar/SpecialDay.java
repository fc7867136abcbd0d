package org.hotline.cti.domain.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A date that differs from the plain Monday–Friday rule: a statutory holiday (off, even on a
 * weekday) or a make-up working day (调休, on, even on a weekend). {@code name} is the festival
 * it belongs to, in Chinese (春节).
 */
public record SpecialDay(LocalDate date, Kind kind, String name) {

    public enum Kind {
        HOLIDAY,
        MAKE_UP_WORKDAY
    }

    public SpecialDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public boolean working() {
        return kind == Kind.MAKE_UP_WORKDAY;
    }
}
