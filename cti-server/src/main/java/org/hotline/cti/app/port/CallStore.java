package org.hotline.cti.app.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/** Where calls and their timelines are kept. */
public interface CallStore {
    /** Inserts or updates the call, and appends {@code newEntries} (the tail of its timeline). */
    void save(CallRecord call, List<TimelineEntry> newEntries);

    /**
     * Rewrites a stored call and its whole timeline, for a call corrected from the PBX's records
     * (see {@link org.hotline.cti.domain.call.CallCorrection}); the only place a timeline changes.
     */
    void replace(CallRecord call);

    /**
     * One call's writes gathered into a group: its latest record and either the timeline steps not
     * yet stored ({@code replace} false) or, for a correction, the whole timeline rewritten.
     */
    record Write(CallRecord call, List<TimelineEntry> newEntries, boolean replace) {
        public Write {
            newEntries = List.copyOf(newEntries);
        }
    }

    /**
     * Stores every write in ONE transaction (a group commit, issue 14): all of them or none. A
     * {@code replace} of a call not stored yet inserts it. At most one write per call.
     */
    default void saveAll(List<Write> writes) {
        for (Write w : writes) {
            if (w.replace()) {
                replace(w.call());
            } else {
                save(w.call(), w.newEntries());
            }
        }
    }

    /**
     * Returns once every write handed in before the call is stored, or false after {@code timeout}
     * (the database is away). A store that writes at once has nothing to wait for.
     */
    default boolean flush(Duration timeout) throws InterruptedException {
        return true;
    }

    /** Calls that arrived in [from, to), oldest first, with their timelines. */
    List<CallRecord> arrivedBetween(Instant from, Instant to);

    /** The latest calls from {@code caller}, newest first. */
    List<CallRecord> recentFrom(String caller, int limit);

    /** How many calls arrived in [from, to). */
    long countArrivedBetween(Instant from, Instant to);

    /** How many calls arrived in [from, to), not counting the calls {@code except} names. */
    default long countArrivedBetween(Instant from, Instant to, Set<String> except) {
        if (except.isEmpty()) {
            return countArrivedBetween(from, to);
        }
        return arrivedBetween(from, to).stream()
                .filter(c -> !except.contains(c.id()))
                .count();
    }

    /** Calls not yet ended (to reconcile after a restart). */
    List<CallRecord> open();

    Optional<CallRecord> find(String id);
}
