package org.hotline.cti.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.hotline.cti.ami.AmiClient;
import org.hotline.cti.ami.AmiListener;
import org.hotline.cti.ami.AmiMessage;
import org.hotline.cti.ami.AmiSettings;

/**
 * (b) AMI over a loopback socket: the recorded stream looped to a fixed number of events, sent by
 * {@link ReplayServer} to the project's {@link AmiClient} and, in the same JVM and run, to
 * Asterisk-Java's ManagerConnection, in alternating order so drift (JIT, the other processes on
 * a shared machine) hits both alike. Reports medians of events/s, client CPU per event (process
 * CPU minus the replay writer's own thread CPU) and events delivered vs sent.
 * A plain main rather than JMH: each run is a whole connection and must see every event.
 */
public final class SocketComparison {
    /** A run ends when nothing new arrived for this long after the server finished writing. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Hard bound per run, whatever happens. */
    private static final long RUN_CAP_NANOS = TimeUnit.SECONDS.toNanos(120);

    /**
     * Who takes the stream: the project's AmiClient with a counting listener (decode only), the
     * project's whole ingest path (AmiClient → AmiTelephony: translate, transfer-leg and channel
     * bookkeeping, call model with {@code live} calls in progress, in-memory store), or
     * Asterisk-Java's ManagerConnection with a counting listener.
     */
    record Kind(String label, boolean asteriskJava, int live) {
        static final Kind AMI_CLIENT = new Kind("hotline-cti AmiClient, counting", false, -1);
        static final Kind ASTERISK_JAVA = new Kind("Asterisk-Java 3.42.2, counting", true, -1);

        static Kind pipeline(int live) {
            return new Kind(
                    String.format(Locale.ROOT, "hotline-cti AmiClient+translate+model, %,d live", live), false, live);
        }

        boolean pipeline() {
            return live >= 0;
        }
    }

    record Run(Kind kind, long sent, long delivered, double seconds, double clientCpuSeconds, long stored) {
        double eventsPerSecond() {
            return delivered / seconds;
        }

        double cpuMicrosPerEvent() {
            return clientCpuSeconds * 1e6 / delivered;
        }

        double cores() {
            return clientCpuSeconds / seconds;
        }

        double deliveredShare() {
            return (double) delivered / sent;
        }
    }

    /** Written by the one thread that delivers a client's events; read by the harness. */
    static final class Counter {
        final AtomicLong events = new AtomicLong();
        volatile long lastNanos;

        void hit() {
            events.incrementAndGet();
            lastNanos = System.nanoTime();
        }
    }

    private SocketComparison() {}

    public static void main(String[] args) throws Exception {
        long events = 1_000_000;
        int rounds = 5;
        long warmup = 200_000;
        int[] live = {20, 200, 2_000};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                case "--live" ->
                    live = Arrays.stream(args[++i].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (socket [--events N] [--rounds R] [--warmup N] [--live 20,200,2000])");
            }
        }
        List<Kind> kinds = new ArrayList<>();
        kinds.add(Kind.AMI_CLIENT);
        for (int l : live) {
            if (l < 0 || l > 100_000) {
                throw new IllegalArgumentException("--live: 0..100000 calls, got " + l);
            }
            kinds.add(Kind.pipeline(l));
        }
        kinds.add(Kind.ASTERISK_JAVA);
        if (events < 1 || rounds < 1 || rounds > 50 || events > 50_000_000) {
            throw new IllegalArgumentException("--events 1..50000000, --rounds 1..50");
        }
        Capture capture = Capture.get();
        System.out.printf(
                Locale.ROOT,
                "AMI over loopback: %,d recorded events looped to %,d per run, %d rounds "
                        + "(alternating order), %d CPUs%n",
                capture.events(),
                events,
                rounds,
                Runtime.getRuntime().availableProcessors());
        List<Run> runs = new ArrayList<>();
        try (ReplayServer server = new ReplayServer(capture)) {
            if (warmup > 0) {
                for (Kind k : kinds) {
                    Run w = run(server, k, warmup);
                    System.out.printf(Locale.ROOT, "  warm-up %-52s %s%n", k.label(), line(w));
                }
            }
            for (int r = 0; r < rounds; r++) {
                List<Kind> order = new ArrayList<>(kinds);
                if (r % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Kind k : order) {
                    Run run = run(server, k, events);
                    runs.add(run);
                    System.out.printf(Locale.ROOT, "  round %d %-52s %s%n", r + 1, k.label(), line(run));
                }
            }
        }
        report(runs, kinds);
    }

    static String line(Run r) {
        return String.format(
                Locale.ROOT,
                "%,10.0f events/s  %6.2f µs CPU/event  %4.2f cores  delivered %,d of %,d (%.1f%%)%s",
                r.eventsPerSecond(),
                r.cpuMicrosPerEvent(),
                r.cores(),
                r.delivered(),
                r.sent(),
                100 * r.deliveredShare(),
                r.kind().pipeline() ? String.format(Locale.ROOT, "  call steps stored %,d", r.stored()) : "");
    }

    static void report(List<Run> runs, List<Kind> kinds) {
        System.out.println();
        System.out.println(
                "| client | events/s (median, spread) | CPU µs/event (median, spread) | cores | delivered / sent | call steps stored |");
        System.out.println("|---|---|---|---|---|---|");
        for (Kind k : kinds) {
            List<Run> mine = runs.stream().filter(r -> r.kind().equals(k)).toList();
            long storedMin = mine.stream().mapToLong(Run::stored).min().orElse(0);
            long storedMax = mine.stream().mapToLong(Run::stored).max().orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f (%s) | %.2f (%s) | %.2f | %,d / %,d (%.1f%%) | %s |%n",
                    k.label(),
                    median(mine, Run::eventsPerSecond),
                    spread(mine, Run::eventsPerSecond),
                    median(mine, Run::cpuMicrosPerEvent),
                    spread(mine, Run::cpuMicrosPerEvent),
                    median(mine, Run::cores),
                    (long) median(mine, r -> r.delivered()),
                    mine.get(0).sent(),
                    100 * median(mine, Run::deliveredShare),
                    !k.pipeline()
                            ? "–"
                            : storedMin == storedMax
                                    ? String.format(Locale.ROOT, "%,d every round", storedMin)
                                    : String.format(
                                            Locale.ROOT, "%,d–%,d (differs between rounds!)", storedMin, storedMax));
        }
        List<Run> aj = runs.stream().filter(r -> r.kind().asteriskJava()).toList();
        for (Kind k : kinds) {
            if (k.asteriskJava()) {
                continue;
            }
            List<Run> ours = runs.stream().filter(r -> r.kind().equals(k)).toList();
            System.out.printf(
                    Locale.ROOT,
                    "ratio %s / Asterisk-Java: %.1f× events/s, %.1f× less CPU per event%n",
                    k.label(),
                    median(ours, Run::eventsPerSecond) / median(aj, Run::eventsPerSecond),
                    median(aj, Run::cpuMicrosPerEvent) / median(ours, Run::cpuMicrosPerEvent));
        }
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** (max - min) / median over the rounds: how far one run can be trusted. */
    static String spread(List<Run> runs, ToDoubleFunction<Run> f) {
        double max = runs.stream().mapToDouble(f).max().orElse(0);
        double min = runs.stream().mapToDouble(f).min().orElse(0);
        return String.format(Locale.ROOT, "range %.0f%%", 100 * (max - min) / median(runs, f));
    }

    static Run run(ReplayServer server, Kind kind, long events) throws Exception {
        var sessionF = server.session();
        Counter counter = new Counter();
        Pipeline pipeline = null;
        AutoCloseable client;
        if (kind.asteriskJava()) {
            client = asteriskJava(server.port(), counter);
        } else if (kind.pipeline()) {
            pipeline = Pipeline.start(server.port(), kind.live(), counter);
            client = pipeline;
        } else {
            client = hotline(server.port(), counter);
        }
        ReplayServer.Session session = sessionF.get(30, TimeUnit.SECONDS);
        try {
            if (pipeline != null) {
                pipeline.fill(); // after the connect-time resync, which would close calls it did not see on the PBX
            }
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long before = counter.events.get(); // login-time events, if any, are not the stream's
            long stored0 = pipeline == null ? 0 : pipeline.stored();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long[] serverCpu = {0};
            Thread writer = new Thread(
                    () -> {
                        try {
                            serverCpu[0] = session.stream(events);
                        } catch (Exception e) {
                            // the client closed early; the counts show it
                        }
                    },
                    "replay-writer");
            writer.start();
            long seen = -1;
            long quietSince = System.nanoTime();
            boolean ours = !kind.asteriskJava();
            while (System.nanoTime() - t0 < RUN_CAP_NANOS) {
                Thread.sleep(ours ? 2 : 20);
                long n = counter.events.get() - before;
                if (n != seen) {
                    seen = n;
                    quietSince = System.nanoTime();
                }
                boolean written = !writer.isAlive();
                if (written && (n >= events && ours || System.nanoTime() - quietSince > QUIET_NANOS)) {
                    break;
                }
            }
            long end = counter.lastNanos;
            if (pipeline != null) {
                // the model runs on its own thread: the run ends when it has applied everything
                pipeline.drain();
                end = System.nanoTime();
            }
            writer.join(TimeUnit.SECONDS.toMillis(5));
            long cpu1 = os.getProcessCpuTime();
            long delivered = counter.events.get() - before;
            double seconds = Math.max(1, end - t0) / 1e9;
            long stored = pipeline == null ? 0 : pipeline.stored() - stored0;
            return new Run(kind, events, delivered, seconds, Math.max(0, cpu1 - cpu0 - serverCpu[0]) / 1e9, stored);
        } finally {
            // The client first: closed the other way round, AmiClient sees a lost link and plans a reconnect.
            client.close();
            session.close();
        }
    }

    /** The project's client, as the server wires it, with a listener that only counts. */
    private static AutoCloseable hotline(int port, Counter counter) throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        AmiClient client = new AmiClient(AmiSettings.of("127.0.0.1", port, "bench", "bench"), new AmiListener() {
            @Override
            public void onConnected(AmiClient c, long generation, String version) {
                up.countDown();
            }

            @Override
            public void onEvent(AmiMessage event) {
                counter.hit();
            }
        });
        client.start();
        if (!up.await(30, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("AmiClient did not log in to the replay server: " + client.lastError());
        }
        return client;
    }

    /** Asterisk-Java as its documentation shows it: a factory, a listener that only counts, login. */
    private static AutoCloseable asteriskJava(int port, Counter counter) throws Exception {
        ManagerConnection mc =
                new ManagerConnectionFactory("127.0.0.1", port, "bench", "bench").createManagerConnection();
        mc.addEventListener(e -> counter.hit());
        mc.login();
        return mc::logoff;
    }
}
