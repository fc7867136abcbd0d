package org.hotline.cti.app.arrival;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.RecordedEnterprise;
import org.hotline.cti.app.transfer.Wrapup;

/**
 * Issue 14 item 4: the enterprise each caller number was last recorded with at a wrap-up, kept in
 * memory so that caller recognition at arrival and the agent's screen pop cost no database read.
 * Exactly what {@link TransferStore#enterpriseOf} would answer: loaded in one read when the server
 * starts (on an active/standby pair, when this server becomes the active one: the other may have
 * written meanwhile), then told of every wrap-up this server stores ({@link #recorded}), the only
 * path that changes the answer. Only when a wrap-up replaces the one a caller's name came from
 * without a newer name is that caller read again (one query; an agent correcting a wrap-up).
 *
 * <p>Reads are lock-free (the FastAGI event loop); updates are serialised here, after the store
 * committed them.
 */
public final class RecordedEnterprises {
    private final TransferStore store;
    private final Map<String, RecordedEnterprise> byCaller = new ConcurrentHashMap<>();

    /** Loads every caller's last recorded enterprise from {@code store} (one query). */
    public RecordedEnterprises(TransferStore store) {
        this.store = Objects.requireNonNull(store, "store");
        for (RecordedEnterprise r : store.lastEnterprises()) {
            byCaller.merge(r.caller(), r, RecordedEnterprises::newer);
        }
    }

    /** The enterprise last recorded for {@code caller}, as the store would answer it. */
    public Optional<String> of(String caller) {
        if (caller == null) {
            return Optional.empty();
        }
        RecordedEnterprise r = byCaller.get(caller);
        return r == null ? Optional.empty() : Optional.of(r.enterprise());
    }

    /** How many callers have an enterprise recorded (the memory's size, for the start-up log). */
    public int size() {
        return byCaller.size();
    }

    /** {@code w}, a wrap-up of a call from {@code caller}, was stored (and replaced that agent's earlier one). */
    public synchronized void recorded(String caller, Wrapup w) {
        if (caller == null) {
            return; // the store's join on the call's caller never matches a null number either
        }
        RecordedEnterprise current = byCaller.get(caller);
        boolean replacesCurrent = current != null && current.from(w);
        if (w.enterprise() != null && (current == null || !w.at().isBefore(current.at()))) {
            byCaller.put(caller, new RecordedEnterprise(caller, w.enterprise(), w.callId(), w.agent(), w.at()));
        } else if (replacesCurrent) {
            // The name shown came from the wrap-up just replaced, and the new one names nothing newer:
            // the answer is now an older wrap-up's, which only the store has.
            store.lastEnterprise(caller).ifPresentOrElse(r -> byCaller.put(caller, r), () -> byCaller.remove(caller));
        }
    }

    private static RecordedEnterprise newer(RecordedEnterprise a, RecordedEnterprise b) {
        return b.at().isAfter(a.at()) ? b : a;
    }
}
