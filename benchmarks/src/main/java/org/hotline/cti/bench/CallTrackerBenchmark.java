package org.hotline.cti.bench;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (c) The call model's throughput: call events applied per second by {@link CallTracker} (its
 * one model thread, storing every change) with an in-memory store, so the figure is the model's
 * own cost, not a database's. One operation is {@value #CALLS} whole calls (arrived, queued,
 * offered, answered, bridged, ended = 6 events each), {@code live} of them in progress at once:
 * the tracker republishes its live list on every change, so the number of live calls matters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=logback-bench.xml"})
public class CallTrackerBenchmark {
    static final int CALLS = 2_000;
    static final int EVENTS_PER_CALL = 6;
    /** Bridged changes the live model only; the other five are stored steps. */
    static final int STORED_STEPS_PER_CALL = 5;

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

    /** Calls in progress at once: one agent group (~20), a busy desk (~200), several PBX nodes (~2,000). */
    @Param({"20", "200", "2000"})
    public int live;

    private CallTracker tracker;
    private CountingStore store;
    private long op;

    @Setup(Level.Trial)
    public void start() {
        store = new CountingStore();
        tracker = new CallTracker(store, Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        tracker.close();
    }

    /**
     * The same operation without JMH, the live counts alternating round by round (drift from the
     * other processes on a shared machine hits each alike), each round on a fresh tracker.
     * Returns ns/event per round, per live count.
     */
    static java.util.Map<Integer, double[]> alternating(int[] lives, int rounds, int warmupOps, int ops)
            throws InterruptedException {
        java.util.Map<Integer, double[]> out = new java.util.LinkedHashMap<>();
        for (int l : lives) {
            out.put(l, new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            int[] order = lives.clone();
            if (r % 2 == 1) {
                for (int i = 0; i < order.length / 2; i++) {
                    int t = order[i];
                    order[i] = order[order.length - 1 - i];
                    order[order.length - 1 - i] = t;
                }
            }
            for (int l : order) {
                CallTrackerBenchmark b = new CallTrackerBenchmark();
                b.live = l;
                b.start();
                try {
                    for (int i = 0; i < warmupOps; i++) {
                        b.applyCalls();
                    }
                    long t0 = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        b.applyCalls();
                    }
                    out.get(l)[r] = (System.nanoTime() - t0) / (double) ((long) ops * CALLS * EVENTS_PER_CALL);
                } finally {
                    b.stop();
                }
            }
        }
        return out;
    }

    @Benchmark
    public long applyCalls() {
        // Fresh ids every operation: the tracker remembers ended calls and would ignore repeats.
        String prefix = (op++) + ".";
        long before = store.saves.get();
        for (int first = 0; first < CALLS; first += live) {
            int last = Math.min(CALLS, first + live);
            for (int step = 0; step < EVENTS_PER_CALL; step++) {
                for (int i = first; i < last; i++) {
                    tracker.submit(event(step, prefix + i, T0.plusSeconds(i)));
                }
            }
        }
        tracker.barrier().join();
        long saved = store.saves.get() - before;
        if (saved != (long) CALLS * STORED_STEPS_PER_CALL) {
            throw new IllegalStateException("stored " + saved + " steps, expected " + CALLS * STORED_STEPS_PER_CALL);
        }
        return saved;
    }

    private static CallEvent event(int step, String id, Instant at) {
        return switch (step) {
            case 0 -> new CallEvent.Arrived(id, at, "13800000001", "12345");
            case 1 -> new CallEvent.Queued(id, at.plusSeconds(1), "enterprise-desk", 1);
            case 2 -> new CallEvent.Offered(id, at.plusSeconds(2), "8101");
            case 3 -> new CallEvent.Answered(id, at.plusSeconds(5), "8101");
            case 4 -> new CallEvent.Bridged(id, at.plusSeconds(5), "bridge-" + id);
            default -> new CallEvent.Ended(id, at.plusSeconds(120), 16, "Normal Clearing");
        };
    }

    /** Keeps nothing but counts: the model's cost, with storage as cheap as it can be. */
    static final class CountingStore implements CallStore {
        final AtomicLong saves = new AtomicLong();

        @Override
        public void save(CallRecord call, List<TimelineEntry> newEntries) {
            saves.addAndGet(newEntries.isEmpty() ? 1 : newEntries.size());
        }

        @Override
        public void replace(CallRecord call) {
            saves.incrementAndGet();
        }

        @Override
        public List<CallRecord> arrivedBetween(Instant from, Instant to) {
            return List.of();
        }

        @Override
        public List<CallRecord> recentFrom(String caller, int limit) {
            return List.of();
        }

        @Override
        public long countArrivedBetween(Instant from, Instant to) {
            return 0;
        }

        @Override
        public List<CallRecord> open() {
            return new ArrayList<>();
        }

        @Override
        public Optional<CallRecord> find(String id) {
            return Optional.empty();
        }
    }
}
