package org.hotline.cti.app.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hotline.cti.domain.rotation.OutreachCall;

/** R5: calls placed to market entities during rotation sessions, with their results. */
public interface OutreachCallStore {
    /** Stores a new call (its id is ignored) and returns it with its id. */
    OutreachCall create(OutreachCall call);

    Optional<OutreachCall> get(long id);

    List<OutreachCall> bySession(LocalDate session);

    /** The leg's latest state; a no-op for an unknown leg. */
    void legStatus(String legId, String status);

    void result(long id, OutreachCall.Result result, String note, Instant at);
}
