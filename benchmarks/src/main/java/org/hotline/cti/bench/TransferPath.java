package org.hotline.cti.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14 item 4, the CTI's part of a transfer's setup by itself: {@code java -jar benchmarks.jar
 * transfer-path}. The real server ({@code cti-server.jar serve}, its own JVM, the shipped flags)
 * on a {@link ScriptedAmi} that answers every action at once and plays each call's events as
 * Asterisk does, so the PBX takes no time and holds no sandbox. Per transfer, timed on this tool's
 * one clock: the request written (POST /api/transfers or the agent protocol's {@code transfer}
 * on /ws/agent, in turn) → the CTI's Redirect read by the PBX ("in"), and the Redirect answered →
 * the CTI's Originate read ("out"). in + out is all the CTI adds to a transfer's setup over
 * Asterisk's own Redirect and Originate: Asterisk alone would have had the Redirect at once and
 * the Originate right after its answer. The specialist's leg then answers and joins the room in
 * the script, and the call ends a moment later, so every attempt connects and none piles up.
 * Several {@code --jar}s run in alternating rounds (before and after in one sitting).
 */
public final class TransferPath {
    private int transfers = 300;
    private int warmup = 100;
    private double rate = 4;
    private int rounds = 2;
    private int port = 8191;
    /** NAME=FLAGS of each JVM setting to run, in turn with each jar; by default the shipped one (README, "JVM settings"). */
    private final Map<String, String> jvms = new LinkedHashMap<>();

    private List<String> paths = List.of("http", "ws");
    /**
     * Calls without a transfer before the first transfer (at {@code callRate}), as a server that
     * has run for a while has taken: its call path is warm, its transfer path is not (R10 keeps
     * transfers to a few per cent of calls).
     */
    private int calls;

    private double callRate = 50;
    /** Report the first this many measured transfers apart (a transfer path the JIT has not compiled yet). */
    private int first;

    private final List<Path> jars = new ArrayList<>();
    private Path repo = Path.of(".");

    private static final Pattern CALLER_NUMBER = Pattern.compile("<([0-9]+)>");

    private TransferPath() {}

    public static void main(String[] args) throws Exception {
        TransferPath t = new TransferPath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--transfers" -> t.transfers = Integer.parseInt(args[++i]);
                case "--warmup" -> t.warmup = Integer.parseInt(args[++i]);
                case "--rate" -> t.rate = Double.parseDouble(args[++i]);
                case "--rounds" -> t.rounds = Integer.parseInt(args[++i]);
                case "--port" -> t.port = Integer.parseInt(args[++i]);
                case "--jvm" -> {
                    String v = args[++i];
                    int eq = v.indexOf('=');
                    t.jvms.put(eq < 0 ? v : v.substring(0, eq), eq < 0 ? "" : v.substring(eq + 1));
                }
                case "--paths" -> t.paths = List.of(args[++i].split(","));
                case "--calls" -> t.calls = Integer.parseInt(args[++i]);
                case "--call-rate" -> t.callRate = Double.parseDouble(args[++i]);
                case "--first" -> t.first = Integer.parseInt(args[++i]);
                case "--jar" -> t.jars.add(Path.of(args[++i]));
                case "--repo" -> t.repo = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: java -jar benchmarks.jar transfer-path [--transfers 300] [--warmup 100] "
                            + "[--rate 4] [--rounds 2] [--paths http,ws] [--calls 0] [--call-rate 50] [--first 0] [--port 8191] "
                            + "[--jvm FLAGS] [--jar PATH]...");
                    System.exit(2);
                }
            }
        }
        if (!List.of("http", "ws").containsAll(t.paths)) {
            System.err.println("--paths: http and/or ws, got " + t.paths);
            System.exit(2);
        }
        if (t.jars.isEmpty()) {
            t.jars.add(Path.of("cti-server/target/cti-server.jar"));
        }
        if (t.jvms.isEmpty()) {
            t.jvms.put("shipped", "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:-UsePerfData -Xmx256m");
        }
        t.run();
    }

    /** One transfer's times (nanoTime), by its call's caller number. */
    private static final class Times {
        final String path;
        volatile long requested;
        volatile long redirectRead;
        volatile long originateRead;
        volatile boolean refused;
        /** The specialist's leg (the Originate's ChannelId), hung up with the call. */
        volatile String leg;

        Times(String path) {
            this.path = path;
        }
    }

    private final Map<String, List<long[]>> results = new LinkedHashMap<>();

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("cti-transfer-path");
        System.out.printf(
                Locale.ROOT,
                "%s, 2 cores shared (load average %s); %d warm-up + %d measured transfers per server at %s/s, "
                        + "paths %s in turn, %d round(s), JVMs %s%n",
                java.time.Instant.now(),
                load(),
                warmup,
                transfers,
                rate,
                paths,
                rounds,
                jvms);
        for (int round = 1; round <= rounds; round++) {
            List<Map.Entry<Path, Map.Entry<String, String>>> order = new ArrayList<>();
            for (Path jar : jars) {
                for (Map.Entry<String, String> jvm : jvms.entrySet()) {
                    order.add(Map.entry(jar, jvm));
                }
            }
            if (round % 2 == 0) {
                java.util.Collections.reverse(order); // alternate who goes first
            }
            for (var o : order) {
                runOne(dir, o.getKey(), o.getValue(), round);
            }
        }
        System.out.println();
        System.out.println("Per transfer, ms: in = request written → the CTI's Redirect read by the PBX; out = "
                + "the Redirect answered → the CTI's Originate read; CTI = in + out, all the CTI adds over "
                + "Asterisk's own Redirect and Originate (the scripted PBX answers at once)");
        System.out.println();
        System.out.println(
                "| jar | path | transfers | refused | in p50 | in p99 | out p50 | out p99 | CTI p50 | CTI p90 "
                        + "| CTI p99 | CTI max | share ≥ 5 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            List<long[]> v = e.getValue();
            long[] in = v.stream().mapToLong(x -> x[0]).sorted().toArray();
            long[] out = v.stream().mapToLong(x -> x[1]).sorted().toArray();
            long[] cti = v.stream().mapToLong(x -> x[0] + x[1]).sorted().toArray();
            long refused = refusedBy.getOrDefault(e.getKey(), new AtomicLong()).get();
            long over = Arrays.stream(cti).filter(x -> x >= 5_000_000).count();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %.1f %% |%n",
                    e.getKey().replace("/", " | "),
                    cti.length,
                    refused,
                    ms(in, 0.5),
                    ms(in, 0.99),
                    ms(out, 0.5),
                    ms(out, 0.99),
                    ms(cti, 0.5),
                    ms(cti, 0.9),
                    ms(cti, 0.99),
                    cti.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f", cti[cti.length - 1] / 1e6),
                    cti.length == 0 ? 0.0 : 100.0 * over / cti.length);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", load());
    }

    private final Map<String, AtomicLong> refusedBy = new ConcurrentHashMap<>();

    private void runOne(Path dir, Path jar, Map.Entry<String, String> jvm, int round) throws Exception {
        String label = jar.getFileName().toString().replaceFirst("\\.jar$", "").replaceFirst("^cti-server-", "")
                + (jvms.size() > 1 ? " " + jvm.getKey() : "");
        Map<String, Times> byCaller = new ConcurrentHashMap<>();
        AtomicLong legs = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "transfer-path");
            th.setDaemon(true);
            return th;
        });
        try (ScriptedAmi ami = new ScriptedAmi()) {
            ami.hook = (action, read) -> {
                String name = action.getOrDefault("action", "");
                if (name.equalsIgnoreCase("Redirect")) {
                    String caller = action.getOrDefault("channel", "");
                    Times t = byCaller.get(caller.substring(caller.lastIndexOf('-') + 1));
                    if (t != null) {
                        t.redirectRead = read;
                    }
                    return null;
                }
                if (name.equalsIgnoreCase("Originate")) {
                    Matcher m = CALLER_NUMBER.matcher(action.getOrDefault("callerid", ""));
                    Times t = m.find() ? byCaller.get(m.group(1)) : null;
                    // The specialist answers and joins the room at once: the attempt connects (R1).
                    String leg = action.getOrDefault("channelid", "leg-" + legs.incrementAndGet());
                    if (t != null) {
                        t.originateRead = read;
                        t.leg = leg;
                    }
                    String room = action.getOrDefault("exten", "");
                    return event(
                                    "Newchannel",
                                    leg,
                                    "PJSIP/specialists-" + leg,
                                    "Context: hotline-conference-specialist\r\n" + "Exten: " + room
                                            + "\r\nChannelState: 0\r\n")
                            + event(
                                    "Newstate",
                                    leg,
                                    "PJSIP/specialists-" + leg,
                                    "ChannelState: 6\r\nChannelStateDesc: Up\r\n")
                            + event("ConfbridgeJoin", leg, "PJSIP/specialists-" + leg, "Conference: " + room + "\r\n");
                }
                return null;
            };
            BenchCti cti = new BenchCti(port, repo, ami.port());
            Process server = cti.start(dir, jar, jvm.getValue());
            try (RawWebSocket ws = cti.agentSocket()) {
                String token = cti.login();
                CallObserver.Transferer http = cti.transfers(token);
                CallObserver.Transferer agent = cti.wsTransfers(ws);
                long period = (long) (1e9 / rate);
                double cpuStart = EndToEnd.Cpu.of(server.pid()).seconds();
                double cpuCalls = cpuStart;
                if (calls > 0) {
                    // Calls only, no transfer: the call path warms up, the transfer path does not.
                    long period0 = (long) (1e9 / callRate);
                    long t0 = System.nanoTime();
                    for (int c = 0; c < calls; c++) {
                        String number = Long.toString(13_800_000_000L + round * 1_000_000L + c);
                        String uid = "1796100000." + round + String.format(Locale.ROOT, "%06d", c);
                        EndToEnd.sleepUntilNanos(t0 + c * period0);
                        ami.send(arrive(uid, number) + answer(uid, number));
                        timer.schedule(() -> ami.send(hangUp(uid, number)), 500, TimeUnit.MILLISECONDS);
                    }
                    EndToEnd.sleepUntilNanos(System.nanoTime() + 2_000_000_000L);
                    cpuCalls = EndToEnd.Cpu.of(server.pid()).seconds();
                    System.out.printf(
                            Locale.ROOT,
                            "%d calls without a transfer taken first: the server's CPU %.2f ms per call%n",
                            calls,
                            (cpuCalls - cpuStart) * 1000 / calls);
                }
                long start = System.nanoTime() + 500_000_000L;
                int total = warmup + transfers;
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(total);
                for (int k = 0; k < total; k++) {
                    final int n = k;
                    String path = paths.get(k % paths.size());
                    String number = Long.toString(13_900_000_000L + round * 1_000_000L + k);
                    String uid = "1796000000." + round + String.format(Locale.ROOT, "%06d", k);
                    long at = start + k * period;
                    // The call arrives and is answered 400 ms before its transfer is asked for.
                    timer.schedule(
                            () -> ami.send(arrive(uid, number) + answer(uid, number)),
                            Math.max(0, at - 400_000_000L - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                    timer.schedule(
                            () -> {
                                Times t = new Times(path);
                                byCaller.put(number, t);
                                t.requested = System.nanoTime();
                                CallObserver.Transferer via = path.equals("ws") ? agent : http;
                                via.transfer(uid, "", "", n).whenComplete((room, err) -> {
                                    if (err != null || room == null) {
                                        t.refused = true;
                                    }
                                    done.countDown();
                                });
                            },
                            Math.max(0, at - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                    // It ends a second later: caller, agent and specialist hang up.
                    timer.schedule(
                            () -> {
                                Times t = byCaller.get(number);
                                String leg = t == null ? null : t.leg;
                                ami.send(hangUp(uid, number)
                                        + (leg == null
                                                ? ""
                                                : event("Hangup", leg, "PJSIP/specialists-" + leg, "Cause: 16\r\n")));
                            },
                            Math.max(0, at + 1_000_000_000L - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                }
                if (!done.await((long) (total / rate) + 60, TimeUnit.SECONDS)) {
                    System.out.println("some transfer requests never answered");
                }
                // the last calls' ends and Originates
                EndToEnd.waitFor(
                        "the last Originates",
                        java.time.Duration.ofSeconds(10),
                        () -> byCaller.values().stream().allMatch(t -> t.refused || t.originateRead != 0));
                for (int k = warmup; k < total; k++) {
                    String number = Long.toString(13_900_000_000L + round * 1_000_000L + k);
                    Times t = byCaller.get(number);
                    String key = label + (k - warmup < first ? " (first " + first + ")" : "") + "/" + t.path;
                    if (t.refused || t.redirectRead == 0 || t.originateRead == 0) {
                        refusedBy.computeIfAbsent(key, x -> new AtomicLong()).incrementAndGet();
                        results.computeIfAbsent(key, x -> new ArrayList<>());
                        continue;
                    }
                    results.computeIfAbsent(key, x -> new ArrayList<>())
                            .add(new long[] {t.redirectRead - t.requested, t.originateRead - t.redirectRead});
                }
                double cpuEnd = EndToEnd.Cpu.of(server.pid()).seconds();
                var steps = cti.setupSteps();
                StringBuilder own = new StringBuilder();
                for (String step :
                        List.of("ingress", "lock", "decide", "store", "send", "request", "originate", "own")) {
                    own.append(String.format(
                            Locale.ROOT,
                            " %s %s / %s;",
                            step,
                            BenchCti.stepQuantile(Map.of(), steps, step, 0.5),
                            BenchCti.stepQuantile(Map.of(), steps, step, 0.99)));
                }
                System.out.printf(
                        Locale.ROOT,
                        "round %d, %s: %d transfers asked, load average %s; the server's CPU %.2f ms per transferred "
                                + "call; its own steps over all of them (p50 / p99, ms, bucket bounds):%s%n",
                        round,
                        label,
                        total,
                        load(),
                        (cpuEnd - cpuCalls) * 1000 / total,
                        own);
            } finally {
                timer.shutdownNow();
                BenchCti.stop(server);
            }
        }
    }

    private static String event(String name, String uid, String channel, String fields) {
        return "Event: " + name + "\r\nChannel: " + channel + "\r\n" + fields + "Uniqueid: " + uid + "\r\nLinkedid: "
                + uid + "\r\n\r\n";
    }

    /** A caller in from-enterprise, queued for the desk (Asterisk 22's fields the CTI reads). */
    private static String arrive(String uid, String number) {
        return "Event: Newchannel\r\nChannel: PJSIP/caller-" + number + "\r\nChannelState: 4\r\nCallerIDNum: "
                + number + "\r\nContext: from-enterprise\r\nExten: 12345\r\nPriority: 1\r\nUniqueid: " + uid
                + "\r\nLinkedid: " + uid + "\r\n\r\n"
                + "Event: QueueCallerJoin\r\nChannel: PJSIP/caller-" + number
                + "\r\nQueue: enterprise-desk\r\nPosition: 1\r\nCount: 1\r\nUniqueid: " + uid + "\r\nLinkedid: " + uid
                + "\r\n\r\n";
    }

    /** Agent 8101 answers: AgentConnect with its own channel, which the Redirect moves too. */
    private static String answer(String uid, String number) {
        return "Event: AgentConnect\r\nChannel: PJSIP/caller-" + number + "\r\nDestChannel: PJSIP/8101-" + number
                + "\r\nDestUniqueid: " + uid + ".a\r\nQueue: enterprise-desk\r\nInterface: PJSIP/8101\r\n"
                + "MemberName: 8101\r\nHoldTime: 1\r\nUniqueid: " + uid + "\r\nLinkedid: " + uid + "\r\n\r\n";
    }

    private static String hangUp(String uid, String number) {
        return "Event: Hangup\r\nChannel: PJSIP/caller-" + number + "\r\nCause: 16\r\nUniqueid: " + uid
                + "\r\nLinkedid: " + uid + "\r\n\r\n"
                + "Event: Hangup\r\nChannel: PJSIP/8101-" + number + "\r\nCause: 16\r\nUniqueid: " + uid
                + ".a\r\nLinkedid: " + uid + "\r\n\r\n";
    }

    private static String ms(long[] sorted, double p) {
        return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f", Latencies.pct(sorted, p) / 1e6);
    }

    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
