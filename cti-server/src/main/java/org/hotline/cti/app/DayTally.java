package org.hotline.cti.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferOutcome;

/**
 * Today's counts for {@link DailyStats}, kept up to date from the writes that change them
 * instead of re-read from the database for every snapshot (issue 14 item 3: the dashboard's
 * stats re-read the whole day's calls with their timelines, garbage and GC pauses that grew with
 * the day). Every call, transfer-attempt and wrap-up write goes through the stores {@link
 * #calls(CallStore)} and {@link #transfers(TransferStore)} return; each write costs O(1) here
 * (O(log n) for a failed attempt's department, whose last failure cause is shown). The figures are
 * those {@link DailyStats#day} computes from the stores for the same day (DayTallyTest compares
 * them over a generated day): R1 attempts, connected and caller-gone, per department; R10
 * three-way calls and calls; R11 answered and missed; R12 wrap-ups, direct ones and answered
 * calls nobody wrapped up.
 *
 * <p>The day is the hotline's (its zone, the injected clock's date): at the first write or read
 * on a new day the counts start from zero — every write of the new day has come through here,
 * since the tally exists. At start (and so on an active/standby takeover, which starts a whole
 * server) {@link #rebuild} reads the day once from the stores; a write seen here before the
 * rebuild's read is not counted twice (an item seen here wins over the same item read back).
 * Writes from another process are not seen (only the active server writes).
 */
public final class DayTally {
    /** A call of the day as counted: what its last write said. */
    private record CallMark(boolean answered, boolean missed) {}

    /** A transfer attempt of the day as counted: what its last write said. */
    private record AttemptMark(
            String department,
            boolean finished,
            boolean connected,
            boolean callerGone,
            boolean failed,
            FailureCause cause) {
        /** R10 counts an attempt that did not fail (connected or still in progress). */
        boolean threeWay() {
            return !failed;
        }

        static AttemptMark of(TransferRecord t) {
            boolean finished = t.finished();
            return new AttemptMark(
                    t.department(),
                    finished,
                    t.connected(),
                    finished && t.cause() == FailureCause.CALLER_GONE,
                    t.outcome() == TransferOutcome.FAILED,
                    t.cause());
        }
    }

    /** One department's R1 counts: finished attempts, connected, caller gone; failed ones by id (the last one's cause). */
    static final class DepartmentCounts {
        long attempts;
        long connected;
        long callerGone;
        /** Failed attempts' causes by id (a cause may be null). */
        final TreeMap<Long, FailureCause> failed = new TreeMap<>();

        /** The cause of the department's last failed attempt of the day (by id, as stored), or null. */
        FailureCause lastFailure() {
            var last = failed.lastEntry();
            return last == null ? null : last.getValue();
        }
    }

    /** The counts at one moment, for one day. */
    public record Figures(
            LocalDate day,
            long calls,
            long answered,
            long missed,
            long attempts,
            long connected,
            long callerGone,
            long threeWay,
            long wrappedUp,
            long direct,
            long answeredNotWrappedUp,
            Map<String, Department> departments) {
        public record Department(long attempts, long connected, long callerGone, FailureCause lastFailure) {}
    }

    private final Clock clock;
    private final Supplier<ZoneId> zone;

    // All guarded by this.
    private LocalDate day;
    private boolean rebuilt;
    private final Map<String, CallMark> calls = new HashMap<>();
    private final Map<Long, AttemptMark> attempts = new HashMap<>();
    /** The day's wrap-ups by call and agent (the store keeps one per pair): direct or not. */
    private final Map<String, Boolean> wrapups = new HashMap<>();
    /** How many of the day's wrap-ups name each call. */
    private final Map<String, Integer> wrapsByCall = new HashMap<>();

    private final Map<String, DepartmentCounts> departments = new HashMap<>();
    private long callCount;
    private long answered;
    private long missed;
    private long attemptCount;
    private long connected;
    private long callerGone;
    private long threeWay;
    private long direct;
    private long answeredNotWrappedUp;

    public DayTally(Clock clock, Supplier<ZoneId> zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** The hotline's date now. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone.get());
    }

    private boolean inDay(Instant at) {
        return at != null && LocalDate.ofInstant(at, zone.get()).equals(day);
    }

    /** Starts a new day from zero when the date has changed since the last write or read. Holds the lock. */
    private void roll() {
        LocalDate now = today();
        if (now.equals(day)) {
            return;
        }
        boolean first = day == null;
        day = now;
        // A new day's writes all came through here; only the first day needs a rebuild.
        rebuilt = !first;
        calls.clear();
        attempts.clear();
        wrapups.clear();
        wrapsByCall.clear();
        departments.clear();
        callCount = answered = missed = 0;
        attemptCount = connected = callerGone = threeWay = 0;
        direct = answeredNotWrappedUp = 0;
    }

    /**
     * Reads today's calls, attempts and wrap-ups from the stores once (at start, and on an
     * active/standby takeover, which starts the server afresh). Items already seen written here
     * keep what their write said.
     */
    public void rebuild(CallStore callStore, TransferStore transferStore) {
        LocalDate d;
        synchronized (this) {
            roll();
            d = day;
        }
        Instant from = d.atStartOfDay(zone.get()).toInstant();
        Instant to = d.plusDays(1).atStartOfDay(zone.get()).toInstant();
        List<CallRecord> dayCalls = callStore.arrivedBetween(from, to);
        List<TransferRecord> dayAttempts = transferStore.requestedBetween(from, to);
        List<Wrapup> dayWrapups = transferStore.wrapupsBetween(from, to);
        synchronized (this) {
            roll();
            if (!d.equals(day)) {
                return; // the day ended meanwhile: the new one starts from zero
            }
            for (CallRecord c : dayCalls) {
                if (!calls.containsKey(c.id())) {
                    call(c);
                }
            }
            for (TransferRecord t : dayAttempts) {
                if (!attempts.containsKey(t.id())) {
                    attempt(t);
                }
            }
            for (Wrapup w : dayWrapups) {
                if (!wrapups.containsKey(key(w))) {
                    wrapup(w);
                }
            }
            rebuilt = true;
        }
    }

    /** Whether today's counts are complete: rebuilt from the stores, or started from zero at midnight. */
    public synchronized boolean rebuilt() {
        roll();
        return rebuilt;
    }

    /** Today's counts now. */
    public synchronized Figures figures() {
        roll();
        Map<String, Figures.Department> deps = new HashMap<>();
        departments.forEach((code, c) ->
                deps.put(code, new Figures.Department(c.attempts, c.connected, c.callerGone, c.lastFailure())));
        return new Figures(
                day,
                callCount,
                answered,
                missed,
                attemptCount,
                connected,
                callerGone,
                threeWay,
                wrapups.size(),
                direct,
                answeredNotWrappedUp,
                deps);
    }

    /**
     * R10's counts for a transfer decision (issue 14 item 4): today's calls and three-way calls,
     * only once they are complete ({@link #rebuilt}) and for the day they are kept for.
     */
    public org.hotline.cti.app.transfer.TransferOutcomes.KeptCounts keptCounts() {
        return day -> {
            if (!rebuilt()) {
                return Optional.empty();
            }
            Figures f = figures();
            return day.equals(f.day())
                    ? Optional.of(
                            new org.hotline.cti.app.transfer.TransferOutcomes.KeptCounts.Kept(f.calls(), f.threeWay()))
                    : Optional.empty();
        };
    }

    /** A call's latest record was written. */
    synchronized void callWritten(CallRecord c) {
        roll();
        call(c);
    }

    private void call(CallRecord c) {
        CallMark was = calls.get(c.id());
        if (was == null && !inDay(c.arrivedAt())) {
            return;
        }
        CallMark now = inDay(c.arrivedAt())
                ? new CallMark(
                        c.outcome() == CallOutcome.ANSWERED,
                        c.outcome() != null && c.outcome().missed())
                : null; // corrected onto another day
        if (was != null) {
            callCount--;
            answered -= was.answered() ? 1 : 0;
            missed -= was.missed() ? 1 : 0;
            if (was.answered() && !wrapsByCall.containsKey(c.id())) {
                answeredNotWrappedUp--;
            }
            calls.remove(c.id());
        }
        if (now != null) {
            calls.put(c.id(), now);
            callCount++;
            answered += now.answered() ? 1 : 0;
            missed += now.missed() ? 1 : 0;
            if (now.answered() && !wrapsByCall.containsKey(c.id())) {
                answeredNotWrappedUp++;
            }
        }
    }

    /** A transfer attempt was stored (created or updated). */
    synchronized void attemptWritten(TransferRecord t) {
        roll();
        attempt(t);
    }

    private void attempt(TransferRecord t) {
        AttemptMark was = attempts.remove(t.id());
        if (was != null) {
            count(t.id(), was, -1);
        }
        if (inDay(t.requestedAt())) {
            AttemptMark now = AttemptMark.of(t);
            attempts.put(t.id(), now);
            count(t.id(), now, 1);
        }
    }

    private void count(long id, AttemptMark m, int sign) {
        threeWay += m.threeWay() ? sign : 0;
        if (!m.finished()) {
            return;
        }
        attemptCount += sign;
        connected += m.connected() ? sign : 0;
        callerGone += m.callerGone() ? sign : 0;
        DepartmentCounts d = departments.computeIfAbsent(m.department(), k -> new DepartmentCounts());
        d.attempts += sign;
        d.connected += m.connected() ? sign : 0;
        d.callerGone += m.callerGone() ? sign : 0;
        if (m.failed()) {
            if (sign > 0) {
                d.failed.put(id, m.cause());
            } else {
                d.failed.remove(id);
            }
        }
    }

    /** A wrap-up was stored (it replaces the same agent's earlier one of the same call). */
    synchronized void wrapupWritten(Wrapup w) {
        roll();
        Boolean was = wrapups.remove(key(w));
        if (was != null) {
            unwrap(w.callId(), was);
        }
        wrapup(w);
    }

    private void wrapup(Wrapup w) {
        if (!inDay(w.at())) {
            return;
        }
        boolean isDirect = "direct".equals(w.resolution());
        wrapups.put(key(w), isDirect);
        direct += isDirect ? 1 : 0;
        if (wrapsByCall.merge(w.callId(), 1, Integer::sum) == 1) {
            CallMark c = calls.get(w.callId());
            if (c != null && c.answered()) {
                answeredNotWrappedUp--;
            }
        }
    }

    private void unwrap(String callId, boolean wasDirect) {
        direct -= wasDirect ? 1 : 0;
        if (wrapsByCall.merge(callId, -1, Integer::sum) == 0) {
            wrapsByCall.remove(callId);
            CallMark c = calls.get(callId);
            if (c != null && c.answered()) {
                answeredNotWrappedUp++;
            }
        }
    }

    private static String key(Wrapup w) {
        return w.callId() + '\u0000' + w.agent();
    }

    /** {@code store} with every write it accepts told to this tally (after the store took it). */
    public CallStore calls(CallStore store) {
        return new TalliedCalls(store);
    }

    /** {@code store} with every attempt and wrap-up write it accepts told to this tally (after it committed). */
    public TransferStore transfers(TransferStore store) {
        return new TalliedTransfers(store);
    }

    private final class TalliedCalls implements CallStore {
        private final CallStore store;

        TalliedCalls(CallStore store) {
            this.store = store;
        }

        @Override
        public void save(CallRecord call, List<TimelineEntry> newEntries) {
            store.save(call, newEntries);
            callWritten(call);
        }

        @Override
        public void replace(CallRecord call) {
            store.replace(call);
            callWritten(call);
        }

        @Override
        public void saveAll(List<Write> writes) {
            store.saveAll(writes);
            for (Write w : writes) {
                callWritten(w.call());
            }
        }

        @Override
        public boolean flush(Duration timeout) throws InterruptedException {
            return store.flush(timeout);
        }

        @Override
        public List<CallRecord> arrivedBetween(Instant from, Instant to) {
            return store.arrivedBetween(from, to);
        }

        @Override
        public List<CallRecord> recentFrom(String caller, int limit) {
            return store.recentFrom(caller, limit);
        }

        @Override
        public long countArrivedBetween(Instant from, Instant to) {
            return store.countArrivedBetween(from, to);
        }

        @Override
        public long countArrivedBetween(Instant from, Instant to, Set<String> except) {
            return store.countArrivedBetween(from, to, except);
        }

        @Override
        public List<CallRecord> open() {
            return store.open();
        }

        @Override
        public Optional<CallRecord> find(String id) {
            return store.find(id);
        }
    }

    private final class TalliedTransfers implements TransferStore {
        private final TransferStore store;

        TalliedTransfers(TransferStore store) {
            this.store = store;
        }

        @Override
        public long create(TransferRecord attempt) {
            long id = store.create(attempt);
            // The store gives a draft (id 0) its id; the stored attempt is the draft under it.
            attemptWritten(store.find(id).orElse(attempt));
            return id;
        }

        @Override
        public TransferRecord createNumbered(TransferRecord draft, LongFunction<String> room) {
            TransferRecord stored = store.createNumbered(draft, room);
            attemptWritten(stored);
            return stored;
        }

        @Override
        public long countThreeWayBetween(Instant from, Instant to) {
            return store.countThreeWayBetween(from, to);
        }

        @Override
        public void update(TransferRecord attempt) {
            store.update(attempt);
            attemptWritten(attempt);
        }

        @Override
        public Optional<TransferRecord> find(long id) {
            return store.find(id);
        }

        @Override
        public List<TransferRecord> requestedBetween(Instant from, Instant to) {
            return store.requestedBetween(from, to);
        }

        @Override
        public List<TransferRecord> unfinished() {
            return store.unfinished();
        }

        @Override
        public void saveWrapup(Wrapup wrapup) {
            store.saveWrapup(wrapup);
            wrapupWritten(wrapup);
        }

        @Override
        public List<Wrapup> wrapupsBetween(Instant from, Instant to) {
            return store.wrapupsBetween(from, to);
        }

        @Override
        public Optional<String> enterpriseOf(String caller) {
            return store.enterpriseOf(caller);
        }

        @Override
        public Optional<org.hotline.cti.app.transfer.RecordedEnterprise> lastEnterprise(String caller) {
            return store.lastEnterprise(caller);
        }

        @Override
        public List<org.hotline.cti.app.transfer.RecordedEnterprise> lastEnterprises() {
            return store.lastEnterprises();
        }
    }
}
