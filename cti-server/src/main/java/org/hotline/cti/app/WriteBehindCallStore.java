package org.hotline.cti.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call model's writes, stored in groups off its thread (issue 14) and kept through a database
 * outage (issue 11).
 * <p>
 * {@link #save} and {@link #replace} never touch the database: they merge the write into the
 * call's pending entry (the latest record, every timeline step not yet stored, in order) and
 * return. The {@code call-writer} thread waits one <b>linger</b> from the oldest pending write
 * (less when someone {@link #flush flushes}), then stores every pending call in ONE transaction
 * ({@link CallStore#saveAll}): one commit per linger however many calls and events, so commits
 * per second no longer grow with the call rate (on H2 with {@code WRITE_DELAY=0} each commit is a
 * disk sync, and four or five per call were half of the server's CPU).
 * <p>
 * <b>Durability, the trade-off:</b> a change is on disk up to one linger after the model saw it.
 * A graceful stop ({@link #close}) stores everything first, but a SIGKILL, an OOM kill or a power
 * cut loses up to one linger of call changes. They are repaired at the next start from the PBX
 * itself: calls left open in the database are settled by the first AMI resync, and the CEL
 * recovery ({@code MissedCallRecovery}) re-reads the PBX's call history from its last checkpoint,
 * adding the calls never stored and correcting those stored half-way (issue 11). Whatever depends
 * on a call being on disk (the CEL checkpoint) {@link #flush flushes} first.
 * <p>
 * <b>Read-your-writes:</b> every read overlays the pending writes (and the group being written) on
 * what the database returns, so a listener, the API or a report sees a call the model has just
 * saved, exactly as it will be stored. Reads never force a commit.
 * <p>
 * <b>Outage:</b> a group that fails is put back in front, merged with what arrived meanwhile,
 * and retried with backoff ({@code retryMin} doubling to {@code retryMax}); {@link #healthy} is
 * false until a group is stored again. The buffer grows with the calls touched, not with their
 * events; it is bounded by {@code maxCalls}: beyond it the oldest call's pending write is dropped
 * with an error in the log (a day's calls fit many times over).
 */
public final class WriteBehindCallStore implements CallStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehindCallStore.class);

    /**
     * How long the writer gathers call writes before one commit. 500 ms bounds the commits to two
     * a second at any call rate (benchmarks/README.md, "Group commit") and is below what anyone
     * watching a dashboard notices; a SIGKILL loses at most this much, repaired from the PBX.
     */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(500);

    public static final int DEFAULT_MAX_CALLS = 100_000;
    /** Calls per transaction at most: a backlog after an outage is stored in several. */
    static final int MAX_GROUP = 1_000;

    public static final Duration DEFAULT_RETRY_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(5);

    private final CallStore db;
    private final int maxCalls;
    private final Duration linger;
    private final Duration retryMin;
    private final Duration retryMax;
    private final Object lock = new Object();
    private final Thread writer;

    // All guarded by lock.
    private Map<String, Pending> pending = new LinkedHashMap<>();
    /** The group the writer is storing: still visible to reads until it is committed. */
    private Map<String, Pending> inFlight = Map.of();
    /** System.nanoTime() of the oldest pending write: the linger counts from it. */
    private long oldestAt;
    /** Writes handed in since start, and how many of them are stored (or dropped): flush waits on these. */
    private long handedIn;

    private long settled;
    /** Threads in flush(): the writer stops lingering. */
    private int flushers;

    private long dropped;
    private long groups;
    private long callsStored;
    private volatile boolean healthy = true;
    private volatile boolean closed;

    /** One call's writes not yet stored: the latest record and the steps since the last stored one. */
    private static final class Pending {
        CallRecord record;
        final List<TimelineEntry> steps = new ArrayList<>();
        /** The whole stored call must be rewritten (a correction from the PBX's records). */
        boolean replace;

        Write write() {
            return new Write(record, steps, replace);
        }
    }

    public WriteBehindCallStore(CallStore db, Duration linger, int maxCalls, Duration retryMin, Duration retryMax) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger cannot be negative, was " + linger);
        }
        this.db = db;
        this.linger = linger;
        this.maxCalls = maxCalls;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.writer = new Thread(this::run, "call-writer");
        writer.setDaemon(true);
        writer.setUncaughtExceptionHandler((t, e) -> {
            healthy = false; // nothing is stored any more: /api/health must say so
            log.error("the call writer stopped; call changes are no longer stored", e);
        });
        writer.start();
    }

    public WriteBehindCallStore(CallStore db, Duration linger) {
        this(db, linger, DEFAULT_MAX_CALLS, DEFAULT_RETRY_MIN, DEFAULT_RETRY_MAX);
    }

    @Override
    public void save(CallRecord call, List<TimelineEntry> newEntries) {
        synchronized (lock) {
            Pending p = slot(call.id());
            p.record = call;
            if (!p.replace) {
                p.steps.addAll(newEntries);
            }
        }
    }

    @Override
    public void replace(CallRecord call) {
        synchronized (lock) {
            Pending p = slot(call.id());
            p.record = call;
            p.replace = true; // the whole timeline is rewritten: pending steps are part of it
            p.steps.clear();
        }
    }

    /** The call's pending entry, made if need be; wakes the writer when it was idle. Holds lock. */
    private Pending slot(String id) {
        handedIn++;
        Pending p = pending.get(id);
        if (p == null) {
            if (pending.isEmpty()) {
                oldestAt = System.nanoTime();
                lock.notifyAll(); // the writer waits for a first write; nobody else needs waking per save
            }
            p = new Pending();
            pending.put(id, p);
            trim();
        }
        return p;
    }

    /** Drops the oldest pending calls beyond maxCalls, each logged and counted. Holds lock. */
    private void trim() {
        Iterator<Map.Entry<String, Pending>> oldest = pending.entrySet().iterator();
        while (pending.size() > maxCalls) {
            String lost = oldest.next().getKey();
            oldest.remove();
            dropped++;
            log.error("call write buffer full ({} calls): the pending write of call {} is dropped", maxCalls, lost);
        }
    }

    /** False while writes are failing (the database is away); true again once a group is stored. */
    public boolean healthy() {
        return healthy;
    }

    /** Calls whose writes are not stored yet (pending, or in the group being written). */
    public int pendingCalls() {
        synchronized (lock) {
            int n = pending.size();
            for (String id : inFlight.keySet()) {
                if (!pending.containsKey(id)) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Pending writes dropped because the buffer was full, since start. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** Groups stored since start: one database transaction (one commit) each. */
    public long groupsStored() {
        synchronized (lock) {
            return groups;
        }
    }

    /** Call writes stored since start (one per call per group, however many events it merged). */
    public long callsStored() {
        synchronized (lock) {
            return callsStored;
        }
    }

    /**
     * Stores what was handed in before this call without waiting for the linger; true once it is
     * stored, false when {@code timeout} passes first (the database is away).
     */
    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long target = handedIn;
            flushers++;
            try {
                lock.notifyAll(); // cuts the writer's linger short
                while (settled < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return true;
            } finally {
                flushers--;
            }
        }
    }

    private void run() {
        long backoff = retryMin.toNanos();
        while (true) {
            Map<String, Pending> group;
            long upTo;
            synchronized (lock) {
                try {
                    while (pending.isEmpty() && !closed) {
                        lock.wait();
                    }
                    if (pending.isEmpty()) {
                        return; // closed, everything stored
                    }
                    long due = oldestAt + linger.toNanos();
                    for (long left = due - System.nanoTime();
                            left > 0 && flushers == 0 && !closed;
                            left = due - System.nanoTime()) {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (pending.size() <= MAX_GROUP) {
                    group = pending;
                    pending = new LinkedHashMap<>();
                    upTo = handedIn;
                } else {
                    // A backlog after an outage goes in transactions of a bounded size, oldest first.
                    group = new LinkedHashMap<>();
                    Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
                    while (group.size() < MAX_GROUP) {
                        Map.Entry<String, Pending> e = it.next();
                        group.put(e.getKey(), e.getValue());
                        it.remove();
                    }
                    upTo = settled; // what is left is not stored by this group
                }
                inFlight = group;
            }
            List<Write> writes = new ArrayList<>(group.size());
            group.values().forEach(p -> writes.add(p.write()));
            try {
                db.saveAll(writes);
                boolean wasDown = !healthy;
                healthy = true; // before flush() returns: whoever flushed sees the store healthy
                synchronized (lock) {
                    inFlight = Map.of();
                    settled = upTo;
                    groups++;
                    callsStored += writes.size();
                    lock.notifyAll();
                }
                if (wasDown) {
                    log.info("database back: call writes resume ({} call(s) still pending)", pendingCalls());
                }
                backoff = retryMin.toNanos();
            } catch (RuntimeException e) {
                if (healthy) {
                    log.error(
                            "cannot store {} call(s) ({}); keeping their writes and retrying",
                            writes.size(),
                            e.getMessage());
                }
                healthy = false;
                synchronized (lock) {
                    putBack(group);
                    inFlight = Map.of();
                    try {
                        // A pause between retries, cut short only by close.
                        long until = System.nanoTime() + backoff;
                        for (long left = backoff; left > 0 && !closed; left = until - System.nanoTime()) {
                            TimeUnit.NANOSECONDS.timedWait(lock, left);
                        }
                    } catch (InterruptedException ie) {
                        return;
                    }
                    if (closed) {
                        return; // close() gave up waiting and logged what is not stored
                    }
                }
                backoff = Math.min(backoff * 2, retryMax.toNanos());
            }
        }
    }

    /** A group that failed goes back in front, each call merged with what arrived for it meanwhile. Holds lock. */
    private void putBack(Map<String, Pending> failed) {
        Map<String, Pending> newer = pending;
        pending = new LinkedHashMap<>(failed);
        for (Map.Entry<String, Pending> e : newer.entrySet()) {
            Pending old = pending.get(e.getKey());
            Pending now = e.getValue();
            if (old == null || now.replace) {
                pending.put(e.getKey(), now);
            } else {
                old.record = now.record;
                if (!old.replace) {
                    old.steps.addAll(now.steps);
                }
            }
        }
        trim();
        oldestAt = System.nanoTime() - linger.toNanos(); // due at once: the backoff was the wait
    }

    /** The pending and in-flight records (the newest of each call), as they will be stored. */
    private Map<String, CallRecord> unstored(Predicate<CallRecord> wanted, Set<String> ids) {
        Map<String, CallRecord> out = new HashMap<>();
        synchronized (lock) {
            for (Map<String, Pending> m : List.of(inFlight, pending)) {
                for (Map.Entry<String, Pending> e : m.entrySet()) {
                    ids.add(e.getKey());
                    CallRecord r = e.getValue().record;
                    if (wanted.test(r)) {
                        out.put(e.getKey(), r);
                    } else {
                        out.remove(e.getKey());
                    }
                }
            }
        }
        return out;
    }

    /**
     * The database's calls with the unstored ones laid over them: a call in {@code ids} (taken
     * before the read, so nothing stored in between is missed) is shown as it is pending.
     */
    private static List<CallRecord> overlay(
            List<CallRecord> stored, Set<String> ids, Map<String, CallRecord> unstored, Comparator<CallRecord> order) {
        List<CallRecord> out = new ArrayList<>(stored.size() + unstored.size());
        for (CallRecord r : stored) {
            if (!ids.contains(r.id())) {
                out.add(r);
            }
        }
        unstored.values().forEach(r -> out.add(asStored(r)));
        out.sort(order);
        return out;
    }

    private static final Comparator<CallRecord> OLDEST_FIRST =
            Comparator.comparing(CallRecord::arrivedAt).thenComparing(CallRecord::id);

    private static boolean arrived(CallRecord r, Instant from, Instant to) {
        return !r.arrivedAt().isBefore(from) && r.arrivedAt().isBefore(to);
    }

    @Override
    public List<CallRecord> arrivedBetween(Instant from, Instant to) {
        Set<String> ids = new HashSet<>();
        Map<String, CallRecord> unstored = unstored(r -> arrived(r, from, to), ids);
        return overlay(db.arrivedBetween(from, to), ids, unstored, OLDEST_FIRST);
    }

    @Override
    public List<CallRecord> recentFrom(String caller, int limit) {
        Set<String> ids = new HashSet<>();
        Map<String, CallRecord> unstored = unstored(r -> caller.equals(r.caller()), ids);
        // Unstored calls of this caller may stand for some of the stored ones: read that many more.
        List<CallRecord> out =
                overlay(db.recentFrom(caller, limit + unstored.size()), ids, unstored, OLDEST_FIRST.reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    @Override
    public long countArrivedBetween(Instant from, Instant to) {
        Set<String> ids = new HashSet<>();
        Map<String, CallRecord> unstored = unstored(r -> arrived(r, from, to), ids);
        if (ids.isEmpty()) {
            return db.countArrivedBetween(from, to);
        }
        return db.countArrivedBetween(from, to, ids) + unstored.size();
    }

    @Override
    public long countArrivedBetween(Instant from, Instant to, Set<String> except) {
        Set<String> ids = new HashSet<>();
        Map<String, CallRecord> unstored = unstored(r -> arrived(r, from, to) && !except.contains(r.id()), ids);
        ids.addAll(except);
        return db.countArrivedBetween(from, to, ids) + unstored.size();
    }

    @Override
    public List<CallRecord> open() {
        Set<String> ids = new HashSet<>();
        Map<String, CallRecord> unstored = unstored(r -> r.endedAt() == null, ids);
        return overlay(db.open(), ids, unstored, OLDEST_FIRST);
    }

    @Override
    public Optional<CallRecord> find(String id) {
        CallRecord r;
        synchronized (lock) {
            Pending p = pending.get(id);
            if (p == null) {
                p = inFlight.get(id);
            }
            r = p == null ? null : p.record;
        }
        return r != null ? Optional.of(asStored(r)) : db.find(id);
    }

    /** A live record as the database gives it back: the model's "unknown" mark is not stored. */
    private static CallRecord asStored(CallRecord r) {
        if (!r.unknown()) {
            return r;
        }
        return new CallRecord(
                r.id(),
                r.caller(),
                r.dialed(),
                r.arrivedAt(),
                r.queue(),
                r.queuedAt(),
                r.offeredAt(),
                r.ringingAgent(),
                r.answeredAt(),
                r.agent(),
                r.afterHours(),
                r.missedReason(),
                r.endedAt(),
                r.endCause(),
                r.endCauseText(),
                r.state(),
                r.outcome(),
                r.timeline(),
                r.node(),
                false);
    }

    /** Stores what is pending (for up to 5 s), then stops the writer. */
    @Override
    public void close() {
        boolean interrupted = false;
        try {
            if (!flush(Duration.ofSeconds(5))) {
                log.error("stopping with {} call(s) not stored (database away)", pendingCalls());
            }
        } catch (InterruptedException e) {
            interrupted = true;
            log.error("stopping, interrupted, with {} call(s) not stored", pendingCalls());
        }
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            // Stopping anyway; whoever interrupted us is told so (the flag stays set).
            Thread.currentThread().interrupt();
        }
    }
}
