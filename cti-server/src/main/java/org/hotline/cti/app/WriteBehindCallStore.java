package org.hotline.cti.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call model's writes survive a database outage (issue 11). While the database answers, a
 * write is made at once, as before (listeners told of a change can read it back). Once one fails,
 * {@link #save} and {@link #replace} return at once and a writer thread stores the backlog in
 * order, retrying with backoff, so the model keeps following the PBX through the outage and
 * nothing it saw is lost; writes go direct again once the backlog is stored.
 * <p>
 * Pending writes are kept per call and merged (the latest record, every timeline step not yet
 * stored, in order), so the buffer grows with the calls touched during an outage, not with their
 * events; it is bounded by {@code maxCalls}: beyond it the oldest call's pending write is dropped
 * with an error in the log (a day's calls fit many times over). Reads go straight to the
 * database: a call not yet written is missing from them until the database is back.
 */
public final class WriteBehindCallStore implements CallStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehindCallStore.class);

    private final CallStore db;
    private final int maxCalls;
    private final Duration retryMin;
    private final Duration retryMax;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Thread writer;
    private volatile boolean healthy = true;
    private volatile boolean closed;
    private long dropped;

    /** One call's writes not yet stored: the latest record and the steps since the last stored one. */
    private static final class Pending {
        CallRecord record;
        final List<TimelineEntry> steps = new ArrayList<>();
        /** The whole stored call must be rewritten (a correction from the PBX's records). */
        boolean replace;
    }

    public WriteBehindCallStore(CallStore db, int maxCalls, Duration retryMin, Duration retryMax) {
        this.db = db;
        this.maxCalls = maxCalls;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.writer = new Thread(this::run, "call-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public WriteBehindCallStore(CallStore db) {
        this(db, 100_000, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** Held around every database write, so a direct write never overtakes the backlog. */
    private final java.util.concurrent.locks.ReentrantLock io = new java.util.concurrent.locks.ReentrantLock();

    /** Writes at once when the database is fine and nothing waits; false when the write must be queued. */
    private boolean direct(Runnable write) {
        synchronized (pending) {
            if (!healthy || writing || !pending.isEmpty()) {
                return false;
            }
        }
        if (!io.tryLock()) {
            return false;
        }
        try {
            write.run();
            return true;
        } catch (RuntimeException e) {
            log.error("cannot store a call ({}); buffering call writes until the database is back", e.getMessage());
            healthy = false;
            return false;
        } finally {
            io.unlock();
        }
    }

    @Override
    public void save(CallRecord call, List<TimelineEntry> newEntries) {
        if (direct(() -> db.save(call, newEntries))) {
            return;
        }
        synchronized (pending) {
            Pending p = slot(call.id());
            p.record = call;
            if (!p.replace) {
                p.steps.addAll(newEntries);
            }
            pending.notifyAll();
        }
    }

    @Override
    public void replace(CallRecord call) {
        if (direct(() -> db.replace(call))) {
            return;
        }
        synchronized (pending) {
            Pending p = slot(call.id());
            p.record = call;
            p.replace = true; // the whole timeline is rewritten: pending steps are part of it
            p.steps.clear();
            pending.notifyAll();
        }
    }

    private Pending slot(String id) {
        Pending p = pending.get(id);
        if (p == null) {
            if (pending.size() >= maxCalls) {
                Iterator<Map.Entry<String, Pending>> oldest = pending.entrySet().iterator();
                String lost = oldest.next().getKey();
                oldest.remove();
                dropped++;
                log.error("call write buffer full ({} calls): the pending write of call {} is dropped", maxCalls, lost);
            }
            p = new Pending();
            pending.put(id, p);
        }
        return p;
    }

    /** False while writes are failing (the database is away); true again once one succeeds. */
    public boolean healthy() {
        return healthy;
    }

    /** Calls whose writes wait for the database. */
    public int pendingCalls() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** Pending writes dropped because the buffer was full, since start. */
    public long dropped() {
        synchronized (pending) {
            return dropped;
        }
    }

    /** Waits until everything handed in so far is stored (or {@code timeout} passes); true when it is. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pending) {
            while (!pending.isEmpty() || writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                pending.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private boolean writing;

    private void run() {
        long backoff = retryMin.toMillis();
        while (!closed) {
            String id;
            Pending p;
            synchronized (pending) {
                while (pending.isEmpty() && !closed) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                Map.Entry<String, Pending> first = pending.entrySet().iterator().next();
                id = first.getKey();
                p = first.getValue();
                pending.remove(id);
                writing = true;
            }
            io.lock();
            try {
                if (p.replace) {
                    db.replace(p.record);
                } else {
                    db.save(p.record, p.steps);
                }
                if (!healthy) {
                    log.info("database back: call writes resume ({} call(s) still pending)", pendingCalls());
                }
                healthy = true;
                backoff = retryMin.toMillis();
                synchronized (pending) {
                    writing = false;
                    pending.notifyAll();
                }
            } catch (RuntimeException e) {
                if (healthy) {
                    log.error("cannot store call {} ({}); keeping its writes and retrying", id, e.getMessage());
                }
                healthy = false;
                io.unlock();
                synchronized (pending) {
                    writing = false;
                    putBack(id, p);
                    try {
                        pending.wait(backoff); // a pause between retries, woken early only by close
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
                backoff = Math.min(backoff * 2, retryMax.toMillis());
            } finally {
                if (io.isHeldByCurrentThread()) {
                    io.unlock();
                }
            }
        }
    }

    /** A write that failed goes back in front, merged with what arrived for the call meanwhile. */
    private void putBack(String id, Pending failed) {
        Pending newer = pending.remove(id);
        Map<String, Pending> rest = new LinkedHashMap<>(pending);
        pending.clear();
        if (newer != null) {
            if (newer.replace) {
                failed = newer;
            } else {
                failed.record = newer.record;
                if (!failed.replace) {
                    failed.steps.addAll(newer.steps);
                }
            }
        }
        pending.put(id, failed);
        pending.putAll(rest);
    }

    @Override
    public List<CallRecord> arrivedBetween(Instant from, Instant to) {
        return db.arrivedBetween(from, to);
    }

    @Override
    public List<CallRecord> recentFrom(String caller, int limit) {
        return db.recentFrom(caller, limit);
    }

    @Override
    public long countArrivedBetween(Instant from, Instant to) {
        return db.countArrivedBetween(from, to);
    }

    @Override
    public List<CallRecord> open() {
        return db.open();
    }

    @Override
    public Optional<CallRecord> find(String id) {
        return db.find(id);
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
        synchronized (pending) {
            pending.notifyAll();
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
