package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.util.Objects;

/** R5: one service given to a market entity in a session, by whom (a specialist or agent) and when. */
public record EntityServed(MarketEntity entity, ServiceKind kind, String note, String by, Instant at) {
    public EntityServed {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        note = note == null ? "" : note.strip();
    }
}
