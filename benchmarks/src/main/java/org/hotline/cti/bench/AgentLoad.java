package org.hotline.cti.bench;

import io.netty.channel.Channel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Issue 14 item 3: {@code java -jar benchmarks.jar agents [options]}. Starts the real server
 * ({@code cti-server.jar serve}, its own JVM, so its heap is its own) on a bench config with
 * {@code --agents} extra agent users, points its AMI at a {@link ScriptedAmi} in this process,
 * logs every agent into {@code /ws/agent} and one supervisor into the dashboard stream
 * ({@code /api/events}), then drives calls through the server as a PBX would (Newchannel,
 * QueueCallerJoin, AgentCalled → AgentConnect → Hangup) and measures, per pushed message, the
 * time from the AMI event leaving the "PBX" to the push arriving at the agent or dashboard.
 * Samples the server's heap from its own {@code /metrics} and, at the end, after a full GC.
 * A dashboard stream and an agent that never read show whether a slow consumer can grow the
 * server's memory.
 */
public final class AgentLoad {
    private static final Pattern HEAP =
            Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    static final String SLOW_AGENT = "79999";

    private int agents = 2_000;
    private double rate = 50;
    private Duration hold = Duration.ofSeconds(30);
    private Duration ring = Duration.ofSeconds(1);
    private Duration duration = Duration.ofSeconds(60);
    private int port = 8086;
    private String heap = "256m";
    /** The server's JVM flags besides -Xmx: the shipped ones (README "JVM settings") unless told. */
    private String jvm = "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:-UsePerfData";

    private Path jar = Path.of("cti-server/target/cti-server.jar");
    private Path repo = Path.of(".");
    private boolean jfr;

    private final String password = "bench-" + Long.toHexString(new SecureRandom().nextLong());
    private final PushLog log = new PushLog();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentLoad() {}

    public static void main(String[] args) throws Exception {
        AgentLoad load = new AgentLoad();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agents" -> load.agents = Integer.parseInt(args[++i]);
                case "--rate" -> load.rate = Double.parseDouble(args[++i]);
                case "--hold" -> load.hold = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--duration" -> load.duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--port" -> load.port = Integer.parseInt(args[++i]);
                case "--heap" -> load.heap = args[++i];
                case "--jvm" -> load.jvm = args[++i];
                case "--jar" -> load.jar = Path.of(args[++i]);
                case "--repo" -> load.repo = Path.of(args[++i]);
                case "--jfr" -> load.jfr = true;
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + " (agents [--agents 2000] [--rate 50 calls/s] "
                                    + "[--hold 30 s] [--duration 60 s] [--port 8086] [--heap 256m] [--jvm '-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:-UsePerfData'] [--jar cti-server/target/cti-server.jar] [--repo .])");
            }
        }
        if (load.agents < 1 || load.agents > 9_999 || load.rate <= 0 || load.rate > 2_000) {
            throw new IllegalArgumentException("--agents 1..9999, --rate 0..2000 calls/s");
        }
        load.run();
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " not found: build it first (mvn -B -q -DskipTests -pl cti-server package)");
        }
        Path dir = Files.createTempDirectory("cti-agent-load");
        Process server = null;
        try (ScriptedAmi ami = new ScriptedAmi();
                LoadClients clients = new LoadClients(port, password, log)) {
            Path config = writeConfig(dir, ami.port());
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
            for (String flag : jvm.trim().split("\\s+")) {
                if (!flag.isEmpty()) {
                    cmd.add(flag);
                }
            }
            // Every GC pause, to set against the push latencies (the report counts those of the drive).
            cmd.add("-Xlog:gc:file=" + dir.resolve("gc.log") + ":uptime");
            if (jfr) {
                cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve("server.jfr")
                        + ",settings=profile,dumponexit=true");
            }
            cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--config", config.toString()));
            server = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile())
                    .start();
            System.out.printf(
                    Locale.ROOT,
                    "server pid %d, -Xmx%s %s, http 127.0.0.1:%d, log %s%n",
                    server.pid(),
                    heap,
                    jvm,
                    port,
                    dir.resolve("server.log"));
            waitFor(
                    "the server to listen and log in to the scripted AMI",
                    Duration.ofSeconds(90),
                    () -> ami.connected() && metrics().contains("cti_ami_connected 1"));
            double heapIdle = heapAfterGc(server.pid());

            long t0 = System.nanoTime();
            List<Channel> agentChannels = clients.loginAgents(agents);
            double loginSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%,d agents logged in over /ws/agent in %.1f s (%,d AMI actions answered)%n",
                    agentChannels.size(),
                    loginSeconds,
                    ami.actions.get());
            Channel slowAgent = clients.connectAgent(SLOW_AGENT, true);
            String token = login("supervisor");
            Channel dashboard = clients.connectDashboard(token);
            Socket slowDashboard = clients.slowDashboard(token);
            double heapLoggedIn = heapAfterGc(server.pid());

            Duration cpu0 = cpu(server);
            Map<String, Long> threads0 = ThreadCpu.byName(server.pid());
            long gcLines0 = ThreadCpu.lines(dir.resolve("gc.log"));
            ThreadCpu.Self self0 = ThreadCpu.self();
            clients.startLagProbe();
            long calls = drive(ami);
            clients.stopLagProbe();
            ThreadCpu.Self self1 = ThreadCpu.self();
            Duration cpu1 = cpu(server);
            Map<String, Long> threads1 = ThreadCpu.byName(server.pid());
            String gcPauses = ThreadCpu.gcPauses(dir.resolve("gc.log"), gcLines0);
            // let the last pushes arrive
            waitFor("the last pushes", Duration.ofSeconds(10), log::allArrived);
            double peak = this.heapPeak;
            double heapEnd = heapAfterGc(server.pid());

            String slowDashState = LoadClients.closedByServer(slowDashboard);
            String slowAgentState = LoadClients.slowAgentState(slowAgent);
            System.out.printf(
                    Locale.ROOT,
                    "%nserver CPU by thread during the calls (s): %s%n",
                    ThreadCpu.diff(threads0, threads1));
            System.out.printf(Locale.ROOT, "server GC pauses during the calls: %s%n", gcPauses);
            System.out.printf(
                    Locale.ROOT,
                    "load tool CPU during the calls: %.1f s (%.2f cores), of which its 2 client event loops %.1f s; "
                            + "a task handed to a client event loop waited p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                            + "(the client's own share of a push's latency)%n",
                    (self1.processNanos() - self0.processNanos()) / 1e9,
                    (self1.processNanos() - self0.processNanos()) / 1e9 / duration.toSeconds(),
                    clients.loopCpuNanos() / 1e9,
                    clients.lagPercentile(0.50) / 1e6,
                    clients.lagPercentile(0.99) / 1e6,
                    clients.lagPercentile(1.0) / 1e6);
            report(
                    calls,
                    loginSeconds,
                    heapIdle,
                    heapLoggedIn,
                    peak,
                    heapEnd,
                    cpu1.minus(cpu0),
                    slowDashState,
                    slowAgentState,
                    dashboard.isActive());
            for (Channel ch : agentChannels) {
                ch.close();
            }
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(15, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    // --- the server and its config -------------------------------------------------------------

    private Path writeConfig(Path dir, int amiPort) throws IOException {
        Path cfg = repo.toAbsolutePath().normalize().resolve("config");
        String hash = lightHash(password);
        StringBuilder y = new StringBuilder();
        y.append("# written by benchmarks' agent load tool; the bench password hash uses few PBKDF2 iterations\n")
                .append("# so that logging in 2,000 agents measures the server, not the key derivation.\n")
                // Thousands of agents from one address: past the server's default per-address cap (issue 11).
                .append("http: {host: 127.0.0.1, port: ")
                .append(port)
                .append(", maxConnections: 20000, maxConnectionsPerAddress: 20000, requestQueue: 4096}\n")
                .append("metrics: {bearerTokenFile: ")
                .append(writeMetricsToken(dir))
                .append("}\n")
                .append("ami: {host: 127.0.0.1, port: ")
                .append(amiPort)
                .append(", username: bench, secret: bench, ")
                .append("inboundContexts: [from-enterprise], keepAlive: 30 seconds}\n")
                .append("database: {url: \"jdbc:h2:file:")
                .append(dir.resolve("cti"))
                .append("\", user: sa, password: \"\"}\n")
                .append("hotline:\n  zone: Asia/Shanghai\n  calendar: always-open\n")
                .append("  calendarDir: ")
                .append(cfg.resolve("calendar"))
                .append('\n')
                .append("  departments: ")
                .append(cfg.resolve("departments.yaml"))
                .append('\n')
                .append("  roster: ")
                .append(cfg.resolve("roster.yaml"))
                .append('\n')
                .append("callbacks: {celFile: ")
                .append(dir.resolve("no-cel.csv"))
                .append("}\n")
                .append("dialTests: {times: []}\n")
                .append("agi: {enabled: false}\n")
                .append("pbx: {dialplanDir: ")
                .append(dir.resolve("dialplan"))
                .append("}\n")
                .append("users:\n")
                .append("  - {name: supervisor, role: supervisor, passwordHash: \"")
                .append(hash)
                .append("\"}\n")
                .append("  - {name: \"")
                .append(SLOW_AGENT)
                .append("\", role: agent, passwordHash: \"")
                .append(hash)
                .append("\"}\n");
        for (int i = 0; i < agents; i++) {
            y.append("  - {name: \"")
                    .append(agent(i))
                    .append("\", role: agent, passwordHash: \"")
                    .append(hash)
                    .append("\"}\n");
        }
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, y.toString());
        return file;
    }

    /** /metrics needs a token (issue 11): the tool writes one for the server and sends it. */
    private Path writeMetricsToken(Path dir) throws IOException {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        metricsToken = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path f = dir.resolve("metrics.token");
        Files.writeString(f, metricsToken);
        return f;
    }

    private String metricsToken = "";

    static String agent(int i) {
        return Integer.toString(70_000 + i);
    }

    /** The server's own hash format (PasswordHash), with 1,000 iterations instead of 120,000. */
    private static String lightHash(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 1_000, 256))
                    .getEncoded();
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return "pbkdf2-sha256$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String metrics() {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + metricsToken)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private volatile double heapPeak;

    /** Heap in use now, per the server's own jvm_memory_used_bytes{area="heap"}, in MiB. */
    private double heapNow() {
        Matcher m = HEAP.matcher(metrics());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        double mib = sum / (1 << 20);
        if (mib > heapPeak) {
            heapPeak = mib;
        }
        return mib;
    }

    /** Heap in use after a full GC (jcmd GC.run), in MiB: what the server really holds. */
    private double heapAfterGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
        return heapNow();
    }

    private static Duration cpu(Process p) {
        return p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login as " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(String what, Duration max, Check c) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    // --- calls ---------------------------------------------------------------------------------

    private record Due(long at, int kind, long call) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Long.compare(at, o.at);
        }
    }

    /**
     * Drives calls at {@code rate} for {@code duration}: call k rings agent k mod agents, is
     * answered after {@code ring} and hung up after {@code hold}. Each step's AMI events are
     * written in one go; their write time is what push latency is measured from.
     */
    private long drive(ScriptedAmi ami) throws Exception {
        PriorityQueue<Due> queue = new PriorityQueue<>();
        CallScript script = new CallScript(agents);
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        long end = start + duration.toNanos();
        long warm = start + Math.min(duration.toNanos() / 6, TimeUnit.SECONDS.toNanos(10));
        long next = start;
        long calls = 0;
        long sampleAt = start;
        int callIdx = 0;
        System.out.printf(
                Locale.ROOT,
                "driving %.0f calls/s for %d s (each rings %s s, talks %d s; ~%,.0f in progress), "
                        + "latency measured after a %d s warm-up%n",
                rate,
                duration.toSeconds(),
                ring.toMillis() / 1000.0,
                hold.toSeconds(),
                rate * (ring.toSeconds() + hold.toSeconds()),
                TimeUnit.NANOSECONDS.toSeconds(warm - start));
        while (true) {
            long now = System.nanoTime();
            if (!log.measuring.get() && now >= warm) {
                log.measuring.set(true);
            }
            if (now >= sampleAt) {
                heapNow();
                sampleAt = now + TimeUnit.SECONDS.toNanos(5); // /metrics computes the day's stats: not too often
            }
            StringBuilder batch = new StringBuilder();
            List<String[]> marks = new ArrayList<>();
            while (next <= now && next < end) {
                long id = callIdx++;
                calls++;
                script.arrive(batch, marks, id);
                queue.add(new Due(next + ring.toNanos(), 1, id));
                queue.add(new Due(next + ring.toNanos() + hold.toNanos(), 2, id));
                next += interval;
            }
            while (!queue.isEmpty() && queue.peek().at() <= now) {
                Due d = queue.poll();
                if (d.kind() == 1) {
                    script.answer(batch, marks, d.call());
                } else {
                    script.hangUp(batch, marks, d.call());
                }
            }
            if (batch.length() > 0) {
                long t = System.nanoTime();
                for (String[] m : marks) {
                    log.expect(m, t);
                }
                if (!ami.send(batch.toString())) {
                    throw new IllegalStateException("the server's AMI connection dropped during the run");
                }
            }
            if (next >= end && queue.isEmpty()) {
                return calls;
            }
            Thread.sleep(1); // a load generator's tick, not a test's synchronisation
        }
    }

    // --- report --------------------------------------------------------------------------------

    private void report(
            long calls,
            double loginSeconds,
            double heapIdle,
            double heapLoggedIn,
            double heapPeak,
            double heapEnd,
            Duration serverCpu,
            String slowDash,
            String slowAgent,
            boolean dashboardAlive) {
        System.out.printf(
                Locale.ROOT,
                "%n%s, load average %.2f, %d CPUs; %,d agents + 1 dashboard, %,d calls at %.0f/s over %d s%n",
                Instant.now(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(),
                agents,
                calls,
                rate,
                duration.toSeconds());
        System.out.println("| to | message | count | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.print(log.agentLatency.table("agent"));
        System.out.print(log.dashLatency.table("dashboard"));
        System.out.printf(
                Locale.ROOT,
                "%nagent pushes received %,d; dashboard frames %,d (live list %,d frames, %,.0f KiB each on average)%n",
                log.agentPushes.get(),
                log.dashFrames.get(),
                log.liveFrames.get(),
                log.liveFrames.get() == 0 ? 0.0 : log.liveBytes.get() / 1024.0 / log.liveFrames.get());
        System.out.printf(
                Locale.ROOT,
                "unanswered at the end: %,d agent pushes, %,d dashboard steps (lost or late)%n",
                log.agentDue.size(),
                log.dashDue.size());
        System.out.printf(
                Locale.ROOT,
                "server heap (MiB, -Xmx%s): after a full GC idle %.1f, with %,d agents logged in %.1f, "
                        + "after the run %.1f; highest sampled in use %.1f (garbage included)%n",
                heap,
                heapIdle,
                agents,
                heapLoggedIn,
                heapEnd,
                heapPeak);
        System.out.printf(
                Locale.ROOT,
                "server CPU during the calls: %.1f s over %d s (%.2f cores)%n",
                serverCpu.toMillis() / 1000.0,
                duration.toSeconds(),
                serverCpu.toMillis() / 1000.0 / duration.toSeconds());
        System.out.printf(Locale.ROOT, "agent logins: %.1f s for %,d%n", loginSeconds, agents);
        System.out.printf(
                Locale.ROOT,
                "never-reading dashboard stream: %s; never-reading agent (%s): %s; the reading dashboard %s%n",
                slowDash,
                SLOW_AGENT,
                slowAgent,
                dashboardAlive ? "still connected" : "was disconnected");
    }
}
