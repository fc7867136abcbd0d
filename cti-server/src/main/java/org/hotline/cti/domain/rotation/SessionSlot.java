package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** R4: when one rotation session takes place: its date and [start, end). */
public record SessionSlot(LocalDate date, Instant start, Instant end) {
    public SessionSlot {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public boolean inProgress(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }
}
