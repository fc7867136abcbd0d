package org.hotline.cti.bench;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.ami.AmiCallTranslator;
import org.hotline.cti.ami.AmiEventLoop;
import org.hotline.cti.ami.AmiSettings;
import org.hotline.cti.ami.AmiTelephony;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.domain.call.CallEvent;

/**
 * The server's own AMI ingest path, wired as the server wires it: {@link AmiTelephony} (its
 * AmiClient, the translator, transfer-leg and channel bookkeeping) feeding a {@link CallTracker}
 * with an in-memory store, the model on the AMI event loop as in the server since issue 14 item 4
 * ({@link AmiEventLoop}), and {@code live} calls kept in progress for the whole run. Each event
 * is counted where the server counts it (the {@code cti.ami.events} meter), so the harness sees
 * what reached the call path.
 */
final class Pipeline implements AutoCloseable {
    static final String INBOUND_CONTEXT = "from-enterprise";
    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    private final CallTrackerBenchmark.CountingStore store = new CallTrackerBenchmark.CountingStore();
    private final AmiEventLoop loop = new AmiEventLoop();
    private final CallTracker tracker =
            new CallTracker(store, Clock.systemUTC(), CallTracker.FIRST_NODE, loop.executor());
    private final AmiTelephony telephony;
    private final int live;

    private Pipeline(int port, int live, SocketComparison.Counter counter) {
        this.live = live;
        SimpleMeterRegistry registry = new SimpleMeterRegistry() {
            @Override
            protected Counter newCounter(Meter.Id id) {
                return "cti.ami.events".equals(id.getName()) ? new Hits(id, counter) : super.newCounter(id);
            }
        };
        this.telephony = new AmiTelephony(
                CallTracker.FIRST_NODE,
                AmiSettings.of("127.0.0.1", port, "bench", "bench"),
                new AmiCallTranslator(Set.of(INBOUND_CONTEXT), Clock.systemUTC()),
                tracker,
                registry,
                Set.of(INBOUND_CONTEXT),
                "enterprise-desk",
                loop);
    }

    /** Connects and waits for the connect-time resync (the replay server reports no channels). */
    static Pipeline start(int port, int live, SocketComparison.Counter counter) throws InterruptedException {
        Pipeline p = new Pipeline(port, live, counter);
        p.telephony.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.telephony.resyncs() < 1) {
            if (System.nanoTime() > deadline) {
                p.close();
                throw new IllegalStateException("AmiTelephony did not connect and resync with the replay server");
            }
            Thread.sleep(5);
        }
        return p;
    }

    /** Puts {@code live} answered calls in progress; they stay up for the whole run. */
    void fill() {
        for (int i = 0; i < live; i++) {
            String id = "in-progress-" + i;
            Instant at = T0.plusMillis(i);
            tracker.submit(new CallEvent.Arrived(id, at, "13800000000", "12345"));
            tracker.submit(new CallEvent.Queued(id, at, "enterprise-desk", 1));
            tracker.submit(new CallEvent.Offered(id, at, "8001"));
            tracker.submit(new CallEvent.Answered(id, at, "8001"));
        }
        drain();
        if (tracker.liveCount() < live) {
            throw new IllegalStateException(tracker.liveCount() + " calls in progress, wanted " + live);
        }
    }

    /** Waits until the model has applied everything handed to it so far. */
    void drain() {
        tracker.barrier().join();
    }

    long stored() {
        return store.saves.get();
    }

    int liveCount() {
        return tracker.liveCount();
    }

    @Override
    public void close() {
        telephony.close();
        tracker.close();
        loop.close();
    }

    /** The server's event counter, reporting each hit to the harness. */
    private static final class Hits extends AbstractMeter implements Counter {
        private final SocketComparison.Counter counter;

        Hits(Meter.Id id, SocketComparison.Counter counter) {
            super(id);
            this.counter = counter;
        }

        @Override
        public void increment(double amount) {
            counter.hit();
        }

        @Override
        public double count() {
            return counter.events.get();
        }
    }
}
