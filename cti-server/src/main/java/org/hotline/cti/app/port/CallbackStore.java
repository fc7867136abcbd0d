package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.OverdueCallback;

/** Where missed-call callbacks are kept (R11), so they survive restarts of the server and the PBX. */
public interface CallbackStore {
    /** Stores a new callback; returns it with its id. */
    Callback insert(Callback callback);

    /** Writes the callback's new state, any misses not stored yet, and any miss whose reason changed. */
    void update(Callback callback);

    Optional<Callback> find(long id);

    /** The open (pending or dialling) callback of a number, if any: there is at most one. */
    Optional<Callback> openFor(String number);

    /** True when this call is already folded into some callback (live and recovered paths meet here). */
    boolean hasMiss(String callId);

    /** The callback this call is folded into as a miss, if any. */
    Optional<Callback> withMiss(String callId);

    /** Callbacks in these states, oldest first miss first. */
    List<Callback> list(Set<CallbackStatus> states);

    CallbackStats stats(Instant now);

    /**
     * R18: callbacks overdue at {@code asOf} (still open then), and those closed late since
     * {@code since}, most overdue first.
     */
    List<OverdueCallback> overdue(Instant since, Instant asOf);
}
