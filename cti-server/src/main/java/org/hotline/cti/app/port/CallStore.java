package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    /** Calls that arrived in [from, to), oldest first, with their timelines. */
    List<CallRecord> arrivedBetween(Instant from, Instant to);

    /** The latest calls from {@code caller}, newest first. */
    List<CallRecord> recentFrom(String caller, int limit);

    /** How many calls arrived in [from, to). */
    long countArrivedBetween(Instant from, Instant to);

    /** Calls not yet ended (to reconcile after a restart). */
    List<CallRecord> open();

    Optional<CallRecord> find(String id);
}
