package org.hotline.cti.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hotline.cti.pbx.PbxSandbox;
import org.hotline.cti.pbx.SandboxPaths;

/**
 * Issue 14 item 4: {@code benchmarks/e2e.sh} / {@code java -jar benchmarks.jar e2e [options]}.
 * sipp callers at rising rates into the real sandbox Asterisk, answered by a scripted agent, with
 * a three-way transfer to a scripted specialist on a share of the calls; first with Asterisk
 * alone (no CTI: the dialplan's FastAGI is refused and the call queues as without it; the tool
 * makes the transfers itself with the CTI's own Redirect and Originate), then with the CTI
 * ({@code cti-server.jar serve} in its own JVM, once per JVM setting given with {@code --jvm}).
 * Per rate: calls/s completed, Asterisk's CPU and the CTI's (from /proc/PID/stat), the CTI's
 * heap, and transfer setup (request → the specialist's leg joined the room, seen on the tool's
 * own AMI session) against Asterisk's own originate → answer of that leg; for a cold window (the
 * first seconds after the CTI started) and a warm one (after a warm-up).
 *
 * <p>By default the calls are silent (no RTP) and one agent answers them all, as in the first
 * runs; {@code --voice} makes every phone send G.711 for the whole call ({@link VoiceFile}, checked
 * with Asterisk's own counters, {@link Media}) and {@code --desk N} has N agents in the queue.
 *
 * <p>Holds the sandbox's test lock (the file SandboxPbxExtension locks) while it runs, so no
 * integration test runs into the load, and gives the desk back as it found it.
 */
public final class EndToEnd {
    private List<Double> rates = List.of(2.0, 10.0, 40.0);
    private Duration window = Duration.ofSeconds(15);
    private Duration warmup = Duration.ofSeconds(15);
    private Duration hold = Duration.ofSeconds(4);
    private Duration transferDelay = Duration.ofSeconds(1);
    private List<Double> shares = List.of(0.2);
    /**
     * With the CTI, who makes the transfers, in turn within each window (issue 14 item 4): pbx =
     * the tool's own Redirect + Originate (Asterisk alone's sequence, the CTI running beside it),
     * http = POST /api/transfers, ws = the agent protocol's {@code transfer} on /ws/agent (the
     * softphone's path). Empty: http only, as before.
     */
    private List<String> paths = List.of();
    /** Callers, agents and the specialist send G.711 both ways for the whole call, as phones do. */
    private boolean voice;
    /** Answering sipp agents in the queue: 8101 … 810N, each a multi-line phone (ringinuse). */
    private int desk = 1;

    private int port = 8171;
    private boolean asteriskAlone = true;
    private final Map<String, String> jvms = new LinkedHashMap<>();
    /** The server jars under test: with more than one, each rate runs each in turn (before/after in one run). */
    private final List<Path> jars = new ArrayList<>();

    private Path repo = Path.of(".");
    private final List<String> rows = new ArrayList<>();
    /** Per CTI window, the server's own timers of the setup steps it takes (issue 14 item 4). */
    private final List<String> steps = new ArrayList<>();
    /** With voice: RTP through Asterisk at each warm window's end (pjsip show channelstats). */
    private final List<String> mediaRows = new ArrayList<>();
    /** The sandbox's chroot, for its Asterisk CLI. */
    private Path chroot;
    /** The raw G.711 u-law file the voice scenarios stream (written at run time), or null when silent. */
    private Path voiceFile;
    /** The sipp agents and specialist of the run (their CPU is reported with the media). */
    private final List<Process> peers = new ArrayList<>();
    /** Per CTI window, the server's work per completed call (its counters, its threads' CPU and wake-ups). */
    private final WorkPerCall work = new WorkPerCall();

    private BenchCti bench;
    private long callerSeq = 13_000_000_000L + (System.currentTimeMillis() / 1000 % 100_000) * 10_000;

    private EndToEnd() {}

    public static void main(String[] args) throws Exception {
        EndToEnd e = new EndToEnd();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" ->
                    e.rates = Arrays.stream(args[++i].split(","))
                            .map(Double::parseDouble)
                            .toList();
                case "--window" -> e.window = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--warmup" -> e.warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--hold" -> e.hold = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--share" ->
                    e.shares = Arrays.stream(args[++i].split(","))
                            .map(Double::parseDouble)
                            .toList();
                case "--paths" -> {
                    e.paths = List.of(args[++i].split(","));
                    if (!List.of("pbx", "http", "ws").containsAll(e.paths)) {
                        System.err.println("--paths: a list of pbx, http, ws; got " + e.paths);
                        System.exit(2);
                    }
                }
                case "--voice" -> e.voice = true;
                case "--desk" -> e.desk = Integer.parseInt(args[++i]);
                case "--port" -> e.port = Integer.parseInt(args[++i]);
                case "--jar" -> e.jars.add(Path.of(args[++i]));
                case "--repo" -> e.repo = Path.of(args[++i]);
                case "--no-asterisk-alone" -> e.asteriskAlone = false;
                case "--jvm" -> {
                    // name=flags, e.g. "c1=-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xmx256m"
                    String v = args[++i];
                    int eq = v.indexOf('=');
                    e.jvms.put(eq < 0 ? v : v.substring(0, eq), eq < 0 ? "" : v.substring(eq + 1));
                }
                default -> usage();
            }
        }
        if (e.desk < 1 || e.desk > DESK_MAX) {
            System.err.println("--desk: 1.." + DESK_MAX + " (the sandbox's scripted agents 8101-8105), got " + e.desk);
            System.exit(2);
        }
        if (e.jvms.isEmpty()) {
            e.jvms.put("default", "");
        }
        if (e.jars.isEmpty()) {
            e.jars.add(Path.of("cti-server/target/cti-server.jar"));
        }
        e.run();
    }

    private static void usage() {
        System.err.println("usage: java -jar benchmarks.jar e2e [--rates 2,10,40] [--window 15] "
                + "[--warmup 15] [--hold 4] [--share 0.2[,0.04]] [--paths pbx,http,ws] [--voice] [--desk 1..5] [--port 8171] "
                + "[--no-asterisk-alone] [--jvm NAME=FLAGS]... [--jar cti-server/target/cti-server.jar]... "
                + "[--repo .]");
        System.exit(2);
    }

    /** The sandbox's scripted agents: 8101 … 8105 (config/asterisk/pjsip.conf, queues.conf). */
    static final int DESK_MAX = 5;

    /** Beyond this hold the calls still up after the last window are hung up, not waited for. */
    private static final Duration LONG_HOLD = Duration.ofSeconds(30);

    /** The old run (one agent, silent calls) with the scenarios the integration tests use. */
    private boolean classicPeers() {
        return !voice && desk == 1;
    }

    @SuppressWarnings("try") // the lock is held for the whole run, never read
    private void run() throws Exception {
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " not found: build it first (mvn -B -q -DskipTests package)");
            }
        }
        Path dir = Files.createTempDirectory("cti-e2e");
        samplesFile = dir.resolve("transfers.csv");
        Files.writeString(samplesFile, "mode,rate,window,path,moved_ns,created_ns,up_ns,joined_ns\n");
        System.out.println("transfers, one line each: " + samplesFile);
        bench = new BenchCti(port, repo);
        try (FileLock lock = lockSandbox()) {
            PbxSandbox sandbox = new PbxSandbox(SandboxPaths.defaults(System.getenv(), repo), Clock.systemUTC());
            boolean startedHere = !sandbox.status().running();
            try (CallObserver obs = new CallObserver()) {
                sandbox.up(System.out);
                long asterisk = asteriskPid(sandbox.paths());
                chroot = sandbox.paths().chrootDir();
                waitFor("the tool's AMI session", Duration.ofSeconds(15), obs.ami()::isConnected);
                if (voice) {
                    voiceFile = VoiceFile.write(chroot, dir.resolve("voice.ulaw"));
                }
                Path scenario = callerScenario(dir);
                if (classicPeers()) {
                    // One scripted agent takes every call (ringinuse on, the other four paused) and a
                    // specialist answers every transfer: the PBX, not 5 seats, is what saturates.
                    peers.add(sipp(dir, "agent", answerScenario("answer.xml"), "127.0.0.4", 5101));
                    peers.add(sipp(dir, "specialist", answerScenario("answer.xml"), "127.0.0.3", 5071));
                } else {
                    // desk agents 8101 … 810N, each a multi-line phone the ringall queue rings on every call
                    Path agent = benchScenario(dir, "e2e-agent.xml");
                    for (int n = 1; n <= desk; n++) {
                        peers.add(sipp(dir, "agent-810" + n, agent, "127.0.0.4", 5100 + n));
                    }
                    peers.add(sipp(dir, "specialist", agent, "127.0.0.3", 5071));
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s, 2 cores shared (load average %s), Asterisk pid %d; window %d s cold + %d s warm-up + "
                                + "%d s warm; calls hold %d s after the answer, %s%% transferred %d s after it; "
                                + "%s; desk of %d sipp agent%s (8101%s, ringall, ringinuse)%n",
                        Instant.now(),
                        loadAverage(),
                        asterisk,
                        window.toSeconds(),
                        warmup.toSeconds(),
                        window.toSeconds(),
                        hold.toSeconds(),
                        shares.stream().map(s -> trim(s * 100)).collect(Collectors.joining(", ")),
                        transferDelay.toSeconds(),
                        voice ? "voice: G.711 u-law both ways from the answer (" + voiceFile + ")" : "silent: no RTP",
                        desk,
                        desk == 1 ? "" : "s",
                        desk == 1 ? "" : "-810" + desk);
                for (double share : shares) {
                    String tag = shares.size() == 1 ? "" : String.format(Locale.ROOT, " (%s %%)", trim(share * 100));
                    if (asteriskAlone) {
                        for (double rate : rates) {
                            SandboxDesk.desk(obs, desk);
                            obs.transfers(SandboxDesk.amiTransfer(obs), share, transferDelay);
                            measure(obs, "asterisk alone" + tag, rate, asterisk, null, scenario);
                        }
                    }
                    for (Map.Entry<String, String> jvm : jvms.entrySet()) {
                        trainCds(dir, obs, jvm.getValue(), asterisk, scenario);
                        for (double rate : rates) {
                            // Several jars: each in turn at the same rate, so before and after share the
                            // machine's load of that moment as closely as this VM allows.
                            for (Path jar : jars) {
                                Process cti = bench.start(dir, jar, jvm.getValue());
                                try {
                                    SandboxDesk.desk(obs, desk);
                                    String token = bench.login();
                                    String mode = "CTI " + jvm.getKey() + (jars.size() > 1 ? " " + label(jar) : "");
                                    try (RawWebSocket ws = paths.contains("ws") ? bench.agentSocket() : null) {
                                        if (paths.isEmpty()) {
                                            obs.transfers(bench.transfers(token), share, transferDelay);
                                        } else {
                                            obs.interleaved(makers(obs, token, ws), share, transferDelay);
                                        }
                                        measure(obs, mode + tag, rate, asterisk, cti, scenario);
                                    }
                                } finally {
                                    BenchCti.stop(cti);
                                }
                            }
                        }
                    }
                }
                obs.transfers(null, 0, transferDelay);
                printTable();
            } finally {
                for (Process p : peers) {
                    BenchCti.stop(p);
                }
                SandboxDesk.restoreDesk();
                if (startedHere) {
                    sandbox.down();
                }
            }
        }
    }

    /** The transfer makers of {@link #paths}, in that order. */
    private List<Map.Entry<String, CallObserver.Transferer>> makers(CallObserver obs, String token, RawWebSocket ws) {
        List<Map.Entry<String, CallObserver.Transferer>> out = new ArrayList<>();
        for (String p : paths) {
            out.add(Map.entry(
                    p,
                    switch (p) {
                        case "pbx" -> SandboxDesk.amiTransfer(obs);
                        case "http" -> bench.transfers(token);
                        case "ws" -> bench.wsTransfers(ws);
                        default -> throw new IllegalArgumentException(p);
                    }));
        }
        return out;
    }

    private static final Pattern SHARED_ARCHIVE = Pattern.compile("-XX:SharedArchiveFile=(\\S+)");

    /**
     * A setting that maps a CDS archive not written yet: a training run writes it first (JDK 17's
     * dynamic AppCDS, -XX:ArchiveClassesAtExit), with calls and transfers so that the classes of
     * the call path are in it, not only those of the start.
     */
    private void trainCds(Path dir, CallObserver obs, String flags, long asterisk, Path scenario) throws Exception {
        Matcher m = SHARED_ARCHIVE.matcher(flags);
        if (!m.find() || Files.exists(Path.of(m.group(1)))) {
            return;
        }
        Path archive = Path.of(m.group(1)).toAbsolutePath();
        System.out.println("writing the CDS archive " + archive + " (a training run: 2 calls/s for 10 s)");
        Process cti = bench.start(dir, jars.get(0), m.replaceAll("") + " -XX:ArchiveClassesAtExit=" + archive);
        List<String> saved = new ArrayList<>(rows);
        List<String> savedSteps = new ArrayList<>(steps);
        Duration w = window;
        Duration wu = warmup;
        try {
            SandboxDesk.desk(obs, desk);
            obs.transfers(bench.transfers(bench.login()), 0.5, transferDelay);
            window = Duration.ofSeconds(5);
            warmup = Duration.ofSeconds(0);
            measure(obs, "CDS training", 2, asterisk, cti, scenario);
        } finally {
            window = w;
            warmup = wu;
            rows.clear();
            rows.addAll(saved);
            steps.clear();
            steps.addAll(savedSteps);
            BenchCti.stop(cti);
        }
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run wrote no CDS archive at " + archive);
        }
    }

    // --- one rate -------------------------------------------------------------------------------

    private void measure(CallObserver obs, String mode, double rate, long asterisk, Process cti, Path scenario)
            throws Exception {
        obs.reset();
        long total = window.plus(warmup).plus(window).toSeconds();
        int calls = (int) Math.ceil(rate * total);
        Path numbers = scenario.resolveSibling("callers-" + System.nanoTime() + ".csv");
        StringBuilder csv = new StringBuilder("SEQUENTIAL\n");
        for (int i = 0; i < calls; i++) {
            csv.append(callerSeq++).append(";\n");
        }
        Files.writeString(numbers, csv);
        var s0 = cti == null ? null : bench.setupSteps();
        var w0 = cti == null ? null : WorkPerCall.Snapshot.start(bench, cti.pid());
        long t0 = System.nanoTime();
        Cpu a0 = Cpu.of(asterisk);
        Cpu c0 = cti == null ? null : Cpu.of(cti.pid());
        List<String> cmd = new ArrayList<>(List.of(
                "sipp",
                "-sf",
                scenario.toString(),
                "-inf",
                numbers.toString(),
                "-i",
                "127.0.0.2",
                "-p",
                "5090",
                "-s",
                "12345",
                "-d",
                Long.toString(hold.toMillis()),
                "-r",
                trim(rate),
                "-rp",
                "1000",
                "-m",
                Integer.toString(calls),
                "-l",
                "5000",
                "-nostdin"));
        ProcessBuilder.Redirect callerOut = ProcessBuilder.Redirect.DISCARD;
        if (!classicPeers()) {
            // the callers' failures and final counts, next to the agents' (the old run keeps none)
            String name = "callers-" + mode.replaceAll("[^A-Za-z0-9]+", "-") + "-" + trim(rate);
            cmd.addAll(List.of(
                    "-trace_err",
                    "-error_file",
                    scenario.resolveSibling(name + ".errors").toString()));
            callerOut = ProcessBuilder.Redirect.to(
                    scenario.resolveSibling(name + ".log").toFile());
        }
        cmd.add("127.0.0.1:5060");
        Process caller = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(callerOut)
                .start();
        sleepUntil(t0 + window.toNanos());
        long t1 = System.nanoTime();
        Cpu a1 = Cpu.of(asterisk);
        Cpu c1 = cti == null ? null : Cpu.of(cti.pid());
        var w1 = cti == null ? null : WorkPerCall.Snapshot.end(bench, cti.pid());
        double heapCold = cti == null ? 0 : bench.heapNow();
        var s1 = cti == null ? null : bench.setupSteps();
        sleepUntil(t1 + warmup.toNanos());
        // The scrapes before the window's CPU is read, not in it (each costs the server milliseconds).
        var s2 = cti == null ? null : bench.setupSteps();
        var w2 = cti == null ? null : WorkPerCall.Snapshot.start(bench, cti.pid());
        long t2 = System.nanoTime();
        Cpu a2 = Cpu.of(asterisk);
        double sipp2 = sippSeconds(caller);
        Cpu c2 = cti == null ? null : Cpu.of(cti.pid());
        sleepUntil(t2 + window.toNanos());
        long t3 = System.nanoTime();
        Cpu a3 = Cpu.of(asterisk);
        double sipp3 = sippSeconds(caller);
        Cpu c3 = cti == null ? null : Cpu.of(cti.pid());
        var w3 = cti == null ? null : WorkPerCall.Snapshot.end(bench, cti.pid());
        double heapWarm = cti == null ? 0 : bench.heapNow();
        var s3 = cti == null ? null : bench.setupSteps();
        String media = voice
                ? Media.sample(chroot, obs.channels())
                        + String.format(Locale.ROOT, " | %.2f", (sipp3 - sipp2) / ((t3 - t2) / 1e9))
                : null;
        row(obs, mode, rate, "cold", t0, t1, a0, a1, c0, c1, heapCold, cti);
        row(obs, mode, rate, "warm", t2, t3, a2, a3, c2, c3, heapWarm, cti);
        if (media != null) {
            String line = String.format(Locale.ROOT, "| %s | %s | %s |", mode, trim(rate), media);
            mediaRows.add(line);
            System.out.println("  media at the warm window's end " + line);
        }
        if (cti != null) {
            stepRow(mode, rate, "cold", s0, s1);
            stepRow(mode, rate, "warm", s2, s3);
            String title = mode + ", " + trim(rate) + "/s";
            System.out.println(
                    work.add(title + " cold", w0, w1, obs.completedBetween(t0, t1), c1.seconds() - c0.seconds()));
            System.out.println(
                    work.add(title + " warm", w2, w3, obs.completedBetween(t2, t3), c3.seconds() - c2.seconds()));
        }
        if (hold.compareTo(LONG_HOLD) > 0) {
            // Minutes-long calls: the ones still up after the last window are hung up now (the
            // agents and the specialist get Asterisk's BYE) rather than waited for.
            obs.ami().send("Hangup", "Channel", "/.*/").join();
            if (!caller.waitFor(10, TimeUnit.SECONDS)) {
                BenchCti.stop(caller);
            }
        } else if (!caller.waitFor(hold.toSeconds() + 30, TimeUnit.SECONDS)) {
            BenchCti.stop(caller); // a saturated PBX: calls the run did not finish are not waited for
        }
        SandboxDesk.drain(obs);
        Files.deleteIfExists(numbers);
    }

    private void row(
            CallObserver obs,
            String mode,
            double rate,
            String phase,
            long from,
            long to,
            Cpu a0,
            Cpu a1,
            Cpu c0,
            Cpu c1,
            double heap,
            Process cti) {
        double seconds = (to - from) / 1e9;
        double ast = a1.seconds() - a0.seconds();
        double ctiCpu = c0 == null ? Double.NaN : c1.seconds() - c0.seconds();
        long completed = obs.completedBetween(from, to);
        List<CallObserver.Sample> measured = obs.samplesBetween(from, to);
        long[] setup = CallObserver.sorted(measured, CallObserver.Sample::setup);
        long[] pbx = CallObserver.sorted(measured, CallObserver.Sample::newToUp);
        String transfer = String.format(
                Locale.ROOT,
                "%d/%d | %s | %s | %s | %s",
                setup.length,
                obs.requestsBetween(from, to),
                ms(setup, 0.50),
                ms(setup, 0.99),
                ms(pbx, 0.50),
                ms(pbx, 0.99));
        pathRows(obs, mode, rate, phase, from, to, measured);
        saveSamples(mode, rate, phase, measured);
        String line = String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s |",
                mode,
                trim(rate),
                phase,
                completed / seconds,
                ast / seconds,
                c0 == null ? "–" : String.format(Locale.ROOT, "%.3f", ctiCpu / seconds),
                c0 == null ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * ctiCpu / ast),
                cti == null ? "–" : String.format(Locale.ROOT, "%.0f", heap),
                transfer);
        rows.add(line);
        System.out.println(line);
    }

    /** Per window and path: where a transfer's setup goes, per transfer (issue 14 item 4). */
    private final List<String> pathRows = new ArrayList<>();

    /**
     * One row per path of the window: setup, and per transfer its two halves, request → the
     * specialist's leg created (Newchannel: everything before Asterisk's own Originate work: the
     * CTI's steps, the Redirect's round trip, the Originate's hand-over) and leg created → joined
     * (Asterisk's own originate → answer → room). With pbx in the window, the other paths' figures
     * less pbx's: what the CTI adds, measured in the same moments.
     */
    private void pathRows(
            CallObserver obs,
            String mode,
            double rate,
            String phase,
            long from,
            long to,
            List<CallObserver.Sample> in) {
        List<String> names =
                paths.isEmpty() || in.stream().allMatch(x -> x.path().isEmpty()) ? List.of("") : paths;
        long[] pbxBefore = CallObserver.sorted(
                in.stream().filter(x -> x.path().equals("pbx")).toList(), CallObserver.Sample::beforeOriginate);
        long[] pbxSetup = CallObserver.sorted(
                in.stream().filter(x -> x.path().equals("pbx")).toList(), CallObserver.Sample::setup);
        for (String path : names) {
            List<CallObserver.Sample> mine =
                    in.stream().filter(x -> x.path().equals(path)).toList();
            long[] setup = CallObserver.sorted(mine, CallObserver.Sample::setup);
            long[] before = CallObserver.sorted(mine, CallObserver.Sample::beforeOriginate);
            long[] after = CallObserver.sorted(mine, CallObserver.Sample::originateToJoined);
            long[] moved = CallObserver.sorted(mine, CallObserver.Sample::toRedirected);
            boolean compared = !path.equals("pbx") && pbxBefore.length > 0 && before.length > 0;
            String line = String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    mode,
                    trim(rate),
                    phase,
                    path.isEmpty() ? (mode.startsWith("CTI") ? "http" : "pbx") : path,
                    setup.length,
                    obs.requestsBetween(from, to, path.isEmpty() ? null : path),
                    ms(setup, 0.50),
                    ms(setup, 0.99),
                    ms(moved, 0.50),
                    ms(moved, 0.99),
                    ms(before, 0.50),
                    ms(before, 0.90),
                    ms(before, 0.99),
                    before.length == 0 ? "–" : String.format(Locale.ROOT, "%.1f", before[before.length - 1] / 1e6),
                    ms(after, 0.50),
                    ms(after, 0.99),
                    compared ? diff(before, pbxBefore, 0.50) + " / " + diff(before, pbxBefore, 0.99) : "–",
                    compared ? diff(setup, pbxSetup, 0.50) + " / " + diff(setup, pbxSetup, 0.99) : "–");
            pathRows.add(line);
            System.out.println("  transfers by path " + line);
        }
    }

    /** Every transfer measured, one line each (nanoseconds from the request; -1 = not seen), for analysis after the run. */
    private Path samplesFile;

    private void saveSamples(String mode, double rate, String phase, List<CallObserver.Sample> in) {
        if (samplesFile == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (CallObserver.Sample x : in) {
            b.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%s,%s,%d,%d,%d,%d%n",
                    mode,
                    trim(rate),
                    phase,
                    x.path().isEmpty() ? "-" : x.path(),
                    x.movedAt() < 0 ? -1 : x.movedAt() - x.requestedAt(),
                    x.createdAt() < 0 ? -1 : x.createdAt() - x.requestedAt(),
                    x.upAt() < 0 ? -1 : x.upAt() - x.requestedAt(),
                    x.joinedAt() - x.requestedAt()));
        }
        try {
            Files.writeString(samplesFile, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("cannot save the transfer samples: " + e);
        }
    }

    /** Quantile {@code p} of {@code a} less that of {@code b}, ms. */
    private static String diff(long[] a, long[] b, double p) {
        return a.length == 0 || b.length == 0
                ? "–"
                : String.format(Locale.ROOT, "%+.1f", (Latencies.pct(a, p) - Latencies.pct(b, p)) / 1e6);
    }

    /** The server's step timers, in the order a transfer's setup takes them; request = lock + decide + store + send. */
    private static final List<String> STEPS =
            List.of("ingress", "request", "lock", "decide", "store", "send", "redirect", "originate", "own");

    /** The CTI's own steps in the window, from its timers: request (to Redirect sent) and originate (Redirect confirmed to Originate sent). */
    private void stepRow(
            String mode,
            double rate,
            String phase,
            java.util.Map<String, java.util.TreeMap<Double, Double>> from,
            java.util.Map<String, java.util.TreeMap<Double, Double>> to) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |", mode, trim(rate), phase));
        for (String step : STEPS) {
            line.append(String.format(
                    Locale.ROOT,
                    " %s | %s |",
                    BenchCti.stepQuantile(from, to, step, 0.50),
                    BenchCti.stepQuantile(from, to, step, 0.99)));
        }
        steps.add(line.toString());
        System.out.println("  CTI steps (ms, bucket bounds) " + line);
    }

    private void printTable() {
        System.out.println();
        System.out.println("| mode | offered calls/s | window | completed calls/s | Asterisk cores | CTI cores "
                + "| CTI / Asterisk CPU | CTI heap MiB | transfers joined/requested | setup p50 ms | setup p99 ms "
                + "| specialist leg new→up p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        if (!pathRows.isEmpty()) {
            System.out.println();
            System.out.println("Transfer setup per transfer, by who made it (pbx = the tool's own Redirect + Originate "
                    + "on AMI, as Asterisk alone; http = POST /api/transfers; ws = the agent protocol's transfer on "
                    + "/ws/agent), ms: setup = request → the specialist's ConfbridgeJoin; moved = request → the caller's "
                    + "BridgeLeave (the Redirect took effect); before = request → the "
                    + "specialist leg's Newchannel (everything before Asterisk's own Originate work); after = that "
                    + "Newchannel → ConfbridgeJoin (Asterisk's own originate → answer → room); added = this path's "
                    + "quantile less pbx's in the same window (before, then setup)");
            System.out.println();
            System.out.println("| mode | offered calls/s | window | path | joined/requested | setup p50 | setup p99 "
                    + "| moved p50 | p99 | before p50 | p90 | p99 | max | after p50 | p99 | added before p50 / p99 "
                    + "| added setup p50 / p99 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            pathRows.forEach(System.out::println);
        }
        if (!steps.isEmpty()) {
            System.out.println();
            System.out.println("The CTI's own setup steps, from its timers cti_transfer_setup_step_seconds (ms; bucket "
                    + "bounds: the quantile's samples were at most this): request = request received → Redirect "
                    + "sent (its parts: lock wait, decide, store = the durable commit, send = start + Redirect "
                    + "handed to the link); ingress = HTTP request decoded → the transfer service; redirect = the "
                    + "PBX's Redirect, sent → confirmed; originate = confirmed → Originate sent");
            System.out.println();
            StringBuilder head = new StringBuilder("| mode | offered calls/s | window |");
            StringBuilder rule = new StringBuilder("|---|---|---|");
            for (String step : STEPS) {
                head.append(' ').append(step).append(" p50 | p99 |");
                rule.append("---|---|");
            }
            System.out.println(head);
            System.out.println(rule);
            steps.forEach(System.out::println);
        }
        String perCall = work.table();
        if (!perCall.isEmpty()) {
            System.out.println();
            System.out.println(
                    "The CTI's work per completed call (its counters from /metrics; CPU and times put on a core "
                            + "per thread from /proc/PID/task/*/schedstat, names with digits folded, threads under 0.05 ms "
                            + "per call left out; – = not counted by that server)");
            System.out.println();
            System.out.print(perCall);
        }
        if (!mediaRows.isEmpty()) {
            System.out.println();
            System.out.println(
                    "RTP through Asterisk at the end of each warm window (pjsip show channelstats: "
                            + "Asterisk's own count of packets received from and sent to each PJSIP channel since it "
                            + "started); channels = Asterisk's channels then, as the tool's AMI events count them; sipp cores = the "
                            + "CPU of the load generator itself (callers, agents, specialist) in the warm window, on the same 2 cores");
            System.out.println();
            System.out.println(
                    "| mode | offered calls/s | channels | PJSIP channels with RTP stats | receiving | sending "
                            + "| packets received | packets sent | received lost | sipp cores (warm window) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            mediaRows.forEach(System.out::println);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    private static String ms(long[] sorted, double p) {
        return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.1f", Latencies.pct(sorted, p) / 1e6);
    }

    /** A jar's short name in the table: cti-server-6921326.jar → 6921326, cti-server.jar → cti-server. */
    private static String label(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return name.startsWith("cti-server-") ? name.substring("cti-server-".length()) : name;
    }

    private static String trim(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    // --- sipp -----------------------------------------------------------------------------------

    private Path answerScenario(String name) {
        return repo.resolve("cti-server/src/test/resources/sipp").resolve(name);
    }

    private Process sipp(Path dir, String name, Path sf, String ip, int sipPort) throws IOException {
        return new ProcessBuilder(
                        "sipp",
                        "-sf",
                        sf.toString(),
                        "-i",
                        ip,
                        "-p",
                        Integer.toString(sipPort),
                        "-aa",
                        "-l",
                        "5000",
                        "-nostdin",
                        "-trace_err",
                        "-error_file",
                        dir.resolve(name + ".errors").toString(),
                        "127.0.0.1:5060")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    /**
     * The caller: the project's scenario with each call's number from the -inf file (field0), not
     * one -key for all; with voice or a desk, the bench's own (benchmarks/sipp/e2e-caller.xml).
     */
    private Path callerScenario(Path dir) throws IOException {
        if (!classicPeers()) {
            return benchScenario(dir, "e2e-caller.xml");
        }
        String xml = Files.readString(repo.resolve("cti-server/src/test/resources/sipp/caller.xml"));
        Path out = dir.resolve("caller-e2e.xml");
        Files.writeString(out, xml.replace("[caller]", "[field0]"));
        return out;
    }

    /**
     * A bench scenario (benchmarks/sipp/) with its media filled in: silent, sipp's [media_port]
     * and no RTP; with voice, the port of the call's own RTP stream and an rtp_stream action that
     * loops the u-law file for the rest of the call (payload 0, PCMU).
     */
    private Path benchScenario(Path dir, String name) throws IOException {
        String xml = Files.readString(repo.resolve("benchmarks/sipp").resolve(name));
        if (!xml.contains("@MEDIA_PORT@") || !xml.contains("@RTP@")) {
            throw new IllegalStateException(name + ": no @MEDIA_PORT@ / @RTP@ to fill in");
        }
        String filled = voice
                ? xml.replace("@MEDIA_PORT@", "[rtpstream_audio_port]")
                        .replace(
                                "@RTP@",
                                "<nop><action><exec rtp_stream=\"" + voiceFile.toAbsolutePath()
                                        + ",-1,0\"/></action></nop>")
                : xml.replace("@MEDIA_PORT@", "[media_port]").replace("@RTP@", "");
        Path out = dir.resolve(name);
        Files.writeString(out, filled);
        return out;
    }

    // --- the machine ----------------------------------------------------------------------------

    /** CPU time of a process (all threads), from /proc/PID/stat: utime + stime in clock ticks. */
    record Cpu(double seconds) {
        static Cpu of(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14 and 15 of stat(5); f[0] is field 3
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                return new Cpu(ticks / 100.0); // USER_HZ is 100 on Linux
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the CPU time of pid " + pid + ": " + e.getMessage(), e);
            }
        }
    }

    /** CPU seconds of every sipp of the run so far: the callers of this rate, the agents, the specialist. */
    private double sippSeconds(Process caller) {
        double sum = 0;
        for (Process p : java.util.stream.Stream.concat(peers.stream(), java.util.stream.Stream.of(caller))
                .toList()) {
            try {
                sum += p.isAlive() ? Cpu.of(p.pid()).seconds() : 0;
            } catch (IllegalStateException ended) {
                // the process ended in between: its CPU is no longer to be read
            }
        }
        return sum;
    }

    private static long asteriskPid(SandboxPaths paths) throws IOException {
        Path pidFile = paths.chrootDir().resolve("run/asterisk/asterisk.pid");
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The file SandboxPbxExtension locks for a test run: no IT runs into this load, nor this into an IT. */
    private static FileLock lockSandbox() throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "hotline-cti-sandbox.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            System.out.println("waiting for the sandbox lock (an integration test run holds it) …");
            lock = ch.lock();
        }
        return lock;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(String what, Duration max, Check c) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static void sleepUntilNanos(long nanoTime) throws InterruptedException {
        sleepUntil(nanoTime);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
