package org.hotline.cti.app.transfer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Supplier;
import org.hotline.cti.domain.transfer.DayCounts;

/**
 * The day's counts as a transfer request's R10 decision reads them (issue 14 item 4): a snapshot
 * read off the request's path (after each transfer's start), plus the attempts this process has
 * stored since, instead of two queries on every request's path.
 *
 * <p>An estimate errs only on the safe side: its calls so far are at most today's real count (the
 * budget grows with calls), and its three-way calls at least the real count (an attempt that failed
 * since the snapshot is still counted). So what the estimate allows, fresh counts allow too; a
 * request the estimate would refuse, or allow only with a supervisor's override, is decided again
 * on fresh counts ({@link TransferService}). Only this process stores attempts (one active server).
 * Not thread-safe: used under TransferService's lock.
 */
final class DecisionCounts {
    private final TransferOutcomes outcomes;
    private final Supplier<ZoneId> zone;
    private LocalDate day;
    private DayCounts snapshot;
    /** Attempts stored since the snapshot was read. */
    private long storedSince;

    DecisionCounts(TransferOutcomes outcomes, Supplier<ZoneId> zone) {
        this.outcomes = outcomes;
        this.zone = zone;
    }

    /** Today's counts: the snapshot with this process's attempts since, or fresh ones when there is no snapshot of today. */
    Estimate now(Instant now) {
        if (snapshot == null || !LocalDate.ofInstant(now, zone.get()).equals(day)) {
            return new Estimate(fresh(now), true);
        }
        return new Estimate(
                new DayCounts(
                        snapshot.callsSoFar(),
                        snapshot.threeWayCallsSoFar() + storedSince,
                        snapshot.recentSameWeekdayCalls()),
                false);
    }

    /** Reads today's counts (kept in memory, else from the stores) and keeps them as the snapshot. */
    DayCounts fresh(Instant now) {
        DayCounts read = outcomes.dayCountsNow(now);
        snapshot = read;
        day = LocalDate.ofInstant(now, zone.get());
        storedSince = 0;
        return read;
    }

    /** An attempt was stored (it counts as a three-way call until the next snapshot says otherwise). */
    void stored() {
        storedSince++;
    }

    /** Counts, and whether they were just read ({@code fresh}) or estimated from the snapshot. */
    record Estimate(DayCounts counts, boolean fresh) {}
}
