package org.hotline.cti.app.callback;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.OverdueCallback;

/**
 * Issue 14 item 4: the numbers whose missed call still waits for its callback (R11), kept in
 * memory so that caller recognition at arrival costs no database read. The store behind it, with
 * every write passing through here: the set changes with exactly the inserts and updates that
 * change the store's answer to {@link CallbackStore#openFor}, after the store took them. Loaded in
 * one read at start (on an active/standby pair, when this server becomes the active one: the other
 * may have written meanwhile). Keyed by callback id per number, so that even two open callbacks of
 * one number (which {@link CallbackService}'s lock prevents) would be counted right.
 */
final class OpenCallbackNumbers implements CallbackStore {
    private final CallbackStore store;
    private final Map<String, Set<Long>> open = new ConcurrentHashMap<>();

    OpenCallbackNumbers(CallbackStore store) {
        this.store = store;
        for (Callback cb : store.list(CallbackStatus.openStates())) {
            track(cb);
        }
    }

    /** Whether {@code number} has a callback not yet done: {@code openFor(number).isPresent()}, from memory. */
    boolean hasOpen(String number) {
        return number != null && open.containsKey(number);
    }

    int size() {
        return open.size();
    }

    private void track(Callback cb) {
        if (cb.status().open()) {
            open.computeIfAbsent(cb.number(), n -> ConcurrentHashMap.newKeySet())
                    .add(cb.id());
        } else {
            open.computeIfPresent(cb.number(), (n, ids) -> {
                ids.remove(cb.id());
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    @Override
    public Callback insert(Callback callback) {
        Callback stored = store.insert(callback);
        track(stored);
        return stored;
    }

    @Override
    public void update(Callback callback) {
        store.update(callback);
        track(callback);
    }

    @Override
    public Optional<Callback> find(long id) {
        return store.find(id);
    }

    @Override
    public Optional<Callback> openFor(String number) {
        return store.openFor(number);
    }

    @Override
    public boolean hasMiss(String callId) {
        return store.hasMiss(callId);
    }

    @Override
    public Optional<Callback> withMiss(String callId) {
        return store.withMiss(callId);
    }

    @Override
    public List<Callback> list(Set<CallbackStatus> states) {
        return store.list(states);
    }

    @Override
    public CallbackStats stats(Instant now) {
        return store.stats(now);
    }

    @Override
    public List<OverdueCallback> overdue(Instant since, Instant asOf) {
        return store.overdue(since, asOf);
    }
}
