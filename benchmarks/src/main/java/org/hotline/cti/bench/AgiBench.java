package org.hotline.cti.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcCallbackStore;
import org.hotline.cti.store.JdbcTransferStore;

/**
 * Issue 14 item 4, the FastAGI arrival's cost: {@code java -jar benchmarks.jar agi [options]}.
 * Starts {@code cti-server.jar serve} (its own JVM, the shipped flags unless {@code --jvm}) with
 * its AMI pointed at a {@link ScriptedAmi} (no sandbox needed), on an H2 database seeded with 100
 * numbers that have an enterprise recorded, 20 of them with a callback open, then plays Asterisk:
 * {@code --sessions} FastAGI sessions at {@code --rate} per second against the server's FastAGI
 * port, cycling through those numbers and 100 unknown ones (so a third of the sessions get three
 * commands, the others one or two). Each session is what Asterisk 22 does: connect, the
 * {@code agi_*} request, one {@code 200 result=1} per command line as it is read, until the
 * server's end of stream. The same is done with {@code --baseline} (another jar, e.g. main before
 * the change) in alternating rounds, so both come from the same minutes of a noisy machine.
 *
 * <p>Per run it prints the server's CPU per session (process CPU from {@code /proc} over the
 * sessions, less its idle CPU measured over as long just before), its threads' voluntary context
 * switches per session (wake-ups), the threads that used the CPU, and the session's duration as
 * the client sees it (connect → end of stream; latencies mean little on a loaded machine).
 */
final class AgiBench {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ
    private static final int NAMED = 100;
    private static final int PENDING = 20;
    private static final int NUMBERS = 200;

    private int sessions = 1000;
    private int warmup = 500;
    private double rate = 50;
    private int rounds = 2;
    private int agiPort = 4601;
    private int httpPort = 8201;
    private String jvm = "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:-UsePerfData -Xmx256m";
    private Path jar = Path.of("cti-server/target/cti-server.jar");
    private Path baseline;
    private Path repo = Path.of(".");
    /** As Asterisk 22's res_agi writes: one write() per request line, Nagle's algorithm on. */
    private boolean perLine;

    public static void main(String[] args) throws Exception {
        new AgiBench().run(args);
    }

    private void run(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--agi-port" -> agiPort = Integer.parseInt(v);
                case "--port" -> httpPort = Integer.parseInt(v);
                case "--jvm" -> jvm = v;
                case "--jar" -> jar = Path.of(v);
                case "--baseline" -> baseline = Path.of(v);
                case "--repo" -> repo = Path.of(v);
                case "--per-line" -> {
                    perLine = true;
                    i--; // a flag: no value
                }
                default -> {
                    System.err.println(
                            "usage: java -jar benchmarks.jar agi [--sessions 1000] [--warmup 500] [--rate 50]"
                                    + " [--rounds 2] [--agi-port 4601] [--port 8201] [--jvm FLAGS]"
                                    + " [--jar cti-server/target/cti-server.jar] [--baseline OLD.jar] [--repo .]"
                                    + " [--per-line]");
                    System.exit(2);
                }
            }
            i++;
        }
        System.out.printf(
                Locale.ROOT,
                "FastAGI arrival: %d sessions at %.0f/s after %d warm-up, %d round(s), JVM %s, request %s, load %s%n",
                sessions,
                rate,
                warmup,
                rounds,
                jvm,
                perLine ? "one write per line, Nagle on (as res_agi)" : "in one write",
                load());
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<Path> order = new ArrayList<>();
            if (baseline != null) {
                order.add(baseline);
            }
            order.add(jar);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Path j : order) {
                rows.add(once(j, r + 1));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n| round | jar | CPU ms per session | wake-ups per session | session p50 / p99 ms | idle CPU ms/s | load |%n"
                        + "|---|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
    }

    private String once(Path serverJar, int round) throws Exception {
        Path dir = Files.createTempDirectory("agi-bench");
        seed(dir.resolve("cti"));
        try (ScriptedAmi ami = new ScriptedAmi()) {
            Path config = writeConfig(dir, ami.port());
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(Arrays.stream(jvm.trim().split("\\s+"))
                    .filter(s -> !s.isEmpty())
                    .toList());
            cmd.addAll(List.of("-jar", serverJar.toAbsolutePath().toString(), "serve", "--config", config.toString()));
            Process p = new ProcessBuilder(cmd)
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile())
                    .start();
            try {
                EndToEnd.waitFor("the CTI to serve FastAGI", Duration.ofSeconds(120), () -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the CTI exited; see " + dir.resolve("server.log"));
                    }
                    return healthy() && listening();
                });
                play(warmup, new ArrayList<>());
                double seconds = sessions / rate;
                // Idle first, as long as the sessions will take: what the server costs with nothing to do.
                long idle0 = cpuTicks(p.pid());
                Map<String, Long> idleWakes0 = wakeUpsByName(p.pid());
                Thread.sleep((long) (seconds * 1000));
                long idle = cpuTicks(p.pid()) - idle0;
                long idleWakes = grew(idleWakes0, wakeUpsByName(p.pid()));

                Map<String, Long> threads0 = ThreadCpu.byName(p.pid());
                long ticks0 = cpuTicks(p.pid());
                Map<String, Long> wakesByThread0 = wakeUpsByName(p.pid());
                long sys0 = systemTicks(p.pid());
                long t0 = System.nanoTime();
                List<Long> took = new ArrayList<>();
                play(sessions, took);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                long ticks = cpuTicks(p.pid()) - ticks0;
                long sys = systemTicks(p.pid()) - sys0;
                Map<String, Long> threads1 = ThreadCpu.byName(p.pid());
                Map<String, Long> wakesByThread1 = wakeUpsByName(p.pid());
                long wakes = grew(wakesByThread0, wakesByThread1);
                // As the CPU: less what the same threads do idle over as long (timers, JVM housekeeping).
                double wakesPerSession = (wakes - idleWakes / seconds * elapsed) / sessions;

                double idlePerSecond = idle * 1000.0 / TICKS_PER_SECOND / seconds;
                double perSession = (ticks * 1000.0 / TICKS_PER_SECOND - idlePerSecond * elapsed) / sessions;
                took.sort(null);
                String name = serverJar.getFileName().toString();
                System.out.printf(
                        Locale.ROOT,
                        "round %d, %s (pid %d, log %s): %.3f ms CPU per session (%.2f s in %.1f s, %.2f s of it in the kernel,"
                                + " idle %.2f ms/s),"
                                + " %.1f wake-ups per session (idle %.0f/s); CPU by thread (s): %s;"
                                + " wake-ups per session by thread (idle included): %s%n",
                        round,
                        name,
                        p.pid(),
                        dir.resolve("server.log"),
                        perSession,
                        ticks / (double) TICKS_PER_SECOND,
                        elapsed,
                        sys / (double) TICKS_PER_SECOND,
                        idlePerSecond,
                        wakesPerSession,
                        idleWakes / seconds,
                        ThreadCpu.diff(threads0, threads1),
                        perSession(wakesByThread0, wakesByThread1, sessions));
                return String.format(
                        Locale.ROOT,
                        "| %d | %s | %.3f | %.1f | %.2f / %.2f | %.2f | %s |",
                        round,
                        name,
                        perSession,
                        wakesPerSession,
                        took.get(took.size() / 2) / 1e6,
                        took.get(Math.min(took.size() - 1, (int) Math.ceil(0.99 * took.size()) - 1)) / 1e6,
                        idlePerSecond,
                        load());
            } finally {
                BenchCti.stop(p);
            }
        }
    }

    /** {@code n} sessions at {@link #rate}, one after another; each one's duration into {@code took}. */
    private void play(int n, List<Long> took) throws Exception {
        long start = System.nanoTime();
        long every = (long) (1e9 / rate);
        for (int i = 0; i < n; i++) {
            long due = start + i * every;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long t0 = System.nanoTime();
            session(number(i % NUMBERS), i);
            took.add(System.nanoTime() - t0);
        }
    }

    /** One session as Asterisk 22 plays it. */
    private void session(String caller, int i) throws IOException {
        try (Socket s = new Socket()) {
            // res_agi leaves Nagle on (no TCP_NODELAY) and sends each line with its own write():
            // the request then arrives in a few segments, as the kernel's ACKs come back.
            s.setTcpNoDelay(!perLine);
            s.setSoTimeout(15_000);
            s.connect(new InetSocketAddress("127.0.0.1", agiPort), 2_000);
            OutputStream out = s.getOutputStream();
            if (perLine) {
                for (String l : request(caller, i).split("(?<=\n)")) {
                    out.write(l.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                out.write(request(caller, i).getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int commands = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                if (line.size() > 0) {
                    commands++;
                    out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                line.reset();
            }
            if (commands == 0) {
                throw new IllegalStateException("session " + i + " for " + caller + ": no command from the server");
            }
            try {
                out.write("HANGUP\n".getBytes(StandardCharsets.US_ASCII)); // as Asterisk at the AGI's end
            } catch (IOException closed) {
                // the server closed already: fine
            }
        }
    }

    private static String number(int k) {
        return String.format(Locale.ROOT, "1380000%04d", k);
    }

    private String request(String caller, int i) {
        return "agi_network: yes\nagi_network_script: arrival\nagi_request: agi://127.0.0.1:" + agiPort + "/arrival\n"
                + "agi_channel: PJSIP/enterprise-" + String.format(Locale.ROOT, "%08x", i) + "\nagi_language: en\n"
                + "agi_type: PJSIP\nagi_uniqueid: 1764468000." + i + "\nagi_version: 22.10.1\nagi_callerid: " + caller
                + "\nagi_calleridname: unknown\nagi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\n"
                + "agi_callingtns: 0\nagi_dnid: 12345\nagi_rdnis: unknown\nagi_context: from-enterprise\n"
                + "agi_extension: 12345\nagi_priority: 3\nagi_enhanced: 0.0\nagi_accountcode: \n"
                + "agi_threadid: 140000000000\n\n";
    }

    /** 100 numbers with an enterprise recorded at a wrap-up, the first 20 with a callback open. */
    private static void seed(Path h2) {
        Instant t0 = Instant.parse("2026-11-29T02:00:00Z");
        Database db = Database.open("jdbc:h2:file:" + h2, "sa", "");
        try {
            JdbcCallStore calls = new JdbcCallStore(db.dataSource(), Clock.fixed(t0, ZoneOffset.UTC));
            JdbcTransferStore transfers = new JdbcTransferStore(db.dataSource(), new JdbcTransferStore.NameLookup() {
                @Override
                public String matterName(String code) {
                    return code;
                }

                @Override
                public String departmentName(String code) {
                    return code;
                }
            });
            JdbcCallbackStore callbacks = new JdbcCallbackStore(db.dataSource());
            for (int k = 0; k < NAMED; k++) {
                String id = "seed-" + k;
                Call c = new Call(id, number(k), "12345", t0.plusSeconds(k));
                calls.save(CallRecord.of(c), c.timeline());
                transfers.saveWrapup(
                        new Wrapup(id, "8101", null, "direct", null, "双鸭山测试企业" + k + "有限公司", t0.plusSeconds(k + 60)));
                if (k < PENDING) {
                    Call missed = new Call("seed-miss-" + k, number(k), "12345", t0.plusSeconds(3600 + k));
                    calls.save(CallRecord.of(missed), missed.timeline());
                    callbacks.insert(Callback.open(
                            number(k),
                            new Miss(missed.id(), missed.arrivedAt(), "caller-hangup"),
                            new Callback.Assignment("李静", "8901")));
                }
            }
        } finally {
            db.close();
        }
    }

    private Path writeConfig(Path dir, int amiPort) throws IOException {
        Path cfg = repo.toAbsolutePath().normalize().resolve("config");
        String yaml = """
                # written by benchmarks' FastAGI tool (agi): a scripted AMI, H2 seeded by the tool, FastAGI on.
                http: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: %d, username: bench, secret: bench, keepAlive: 30 seconds}
                database: {url: "jdbc:h2:file:%s", user: sa, password: ""}
                hotline:
                  zone: Asia/Shanghai
                  calendar: always-open
                  calendarDir: %s
                  departments: %s
                  roster: %s
                callbacks: {celFile: %s}
                dialTests: {times: []}
                agi: {enabled: true, host: 127.0.0.1, port: %d}
                pbx: {dialplanDir: %s}
                users:
                  - {name: supervisor, role: supervisor, passwordHash: "%s"}
                """.formatted(
                        httpPort,
                        amiPort,
                        dir.resolve("cti"),
                        cfg.resolve("calendar"),
                        cfg.resolve("departments.yaml"),
                        cfg.resolve("roster.yaml"),
                        dir.resolve("no-cel.csv"),
                        agiPort,
                        dir.resolve("dialplan"),
                        BenchCti.lightHash("agi-bench"));
        Path file = dir.resolve("agi-bench.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private boolean healthy() {
        try {
            return HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", agiPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The process's user + system CPU so far, in ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** How much the counts grew, thread by thread (a thread that ended in between counts for nothing). */
    private static long grew(Map<String, Long> before, Map<String, Long> after) {
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }

    /** The process's system (kernel) CPU so far, in ticks: the sockets' share. */
    private static long systemTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]);
    }

    /** The same per thread, names with digits folded. */
    private static Map<String, Long> wakeUpsByName(long pid) throws IOException {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String name = "?";
                    for (String l : Files.readAllLines(t.resolve("status"))) {
                        if (l.startsWith("Name:")) {
                            name = l.substring(5).trim().replaceAll("[0-9]+", "#");
                        } else if (l.startsWith("voluntary_ctxt_switches:")) {
                            out.merge(
                                    name,
                                    Long.parseLong(
                                            l.substring(l.indexOf(':') + 1).trim()),
                                    Long::sum);
                        }
                    }
                } catch (IOException gone) {
                    // the thread ended
                }
            }
        }
        return out;
    }

    /** "name 3.1, other 1.0": wake-ups per session by thread, those above 0.05 per session, most first. */
    private static String perSession(Map<String, Long> before, Map<String, Long> after, int n) {
        List<Map.Entry<String, Long>> d = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long v = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (v > n / 20) {
                d.add(Map.entry(e.getKey(), v));
            }
        }
        d.sort(java.util.Collections.reverseOrder(Map.Entry.comparingByValue()));
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : d) {
            b.append(b.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) n));
        }
        return b.toString();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
