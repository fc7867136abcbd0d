package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.util.Objects;

/**
 * R5: one service given to a market entity in a session, by whom (a specialist or agent), for which
 * department (null when the hotline's own agent served without one; the monthly report counts per
 * department, R18) and when.
 */
public record EntityServed(
        MarketEntity entity, ServiceKind kind, String note, String by, String department, Instant at) {
    public EntityServed {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        note = note == null ? "" : note.strip();
        department = department == null || department.isBlank() ? null : department;
    }

    public EntityServed(MarketEntity entity, ServiceKind kind, String note, String by, Instant at) {
        this(entity, kind, note, by, null, at);
    }
}
