package org.hotline.cti.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.hotline.cti.pbx.SandboxPaths;

/**
 * The CTI under test in {@link EndToEnd}: {@code cti-server.jar serve} in a JVM of its own (the
 * flags under test) on a generated config: the sandbox PBX, H2 in a temp dir, FastAGI on, no
 * rotation duty, the R10 budget out of the way, a light password hash; and its API as the tool
 * uses it (login, transfers, heap from /metrics).
 */
final class BenchCti {
    private static final Pattern HEAP =
            Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final String PASSWORD = "e2e-bench";

    private final int port;
    private final Path repo;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String metricsToken = "";
    /** Transfer requests: written on the requesting thread, as Asterisk-alone's AMI actions are (RawHttp). */
    private final RawHttp raw;

    /** The AMI port of a {@link ScriptedAmi} instead of the sandbox's Asterisk, or 0 for the sandbox. */
    private final int scriptedAmiPort;

    BenchCti(int port, Path repo) {
        this(port, repo, 0);
    }

    /** On a {@link ScriptedAmi} (no sandbox): its AMI login, FastAGI off, no CEL, an empty dialplan directory. */
    BenchCti(int port, Path repo, int scriptedAmiPort) {
        this.port = port;
        this.repo = repo;
        this.raw = new RawHttp("127.0.0.1", port);
        this.scriptedAmiPort = scriptedAmiPort;
    }

    Process start(Path dir, Path jar, String flags) throws Exception {
        Path run = Files.createTempDirectory(dir, "cti");
        Path config = writeConfig(run);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                cmd.add(f);
            }
        }
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--config", config.toString()));
        Process p = new ProcessBuilder(cmd)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(run.resolve("server.log").toFile())
                .start();
        long t0 = System.nanoTime();
        EndToEnd.waitFor("the CTI to listen and log in to AMI", Duration.ofSeconds(120), () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("the CTI exited; see " + run.resolve("server.log"));
            }
            return metrics().contains("cti_ami_connected 1");
        });
        System.out.printf(
                Locale.ROOT,
                "CTI pid %d (%s) up in %.1f s, log %s%n",
                p.pid(),
                flags.isBlank() ? "JVM defaults" : flags,
                (System.nanoTime() - t0) / 1e9,
                run.resolve("server.log"));
        return p;
    }

    private Path writeConfig(Path run) throws IOException {
        Path cfg = repo.toAbsolutePath().normalize().resolve("config");
        Files.writeString(run.resolve("roster.yaml"), """
                rotation:
                  days: [TUESDAY, FRIDAY]
                  hours: "08:30-11:30"
                  duties: []
                supervisors:
                  - name: 李静
                    extension: "8901"
                    days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY]
                    hours: "00:00-23:59"
                """);
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        metricsToken = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Files.writeString(run.resolve("metrics.token"), metricsToken);
        String ami = "ami: {host: 127.0.0.1, port: 5038, username: cti, secret: hotline-sandbox-ami}";
        String extra = "";
        String dialplanDir = SandboxPaths.defaults(System.getenv(), repo).chrootDir() + "/etc/asterisk";
        if (scriptedAmiPort > 0) {
            ami = "ami: {host: 127.0.0.1, port: " + scriptedAmiPort
                    + ", username: bench, secret: bench, inboundContexts: [from-enterprise]}";
            extra = "callbacks: {celFile: " + run.resolve("no-cel.csv") + "}\nagi: {enabled: false}\n";
            dialplanDir = run.resolve("dialplan").toString();
        }
        String yaml = """
                # written by benchmarks' end-to-end tool (e2e): the sandbox PBX, H2 in a temp dir, no rotation duty,
                # the R10 budget out of the way (every transfer is measured), a light password hash.
                http: {host: 127.0.0.1, port: %d}
                metrics: {bearerTokenFile: %s}
                %s
                database: {url: "jdbc:h2:file:%s", user: sa, password: ""}
                hotline:
                  zone: Asia/Shanghai
                  calendar: always-open
                  calendarDir: %s
                  departments: %s
                  roster: %s
                transfer: {budget: {floorCalls: 1000000}}
                dialTests: {times: []}
                pbx: {dialplanDir: %s}
                %susers:
                  - {name: supervisor, role: supervisor, passwordHash: "%s"}
                """.formatted(
                        port,
                        run.resolve("metrics.token"),
                        ami,
                        run.resolve("cti"),
                        cfg.resolve("calendar"),
                        cfg.resolve("departments.yaml"),
                        run.resolve("roster.yaml"),
                        dialplanDir,
                        extra,
                        lightHash(PASSWORD));
        Path file = run.resolve("e2e.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    String login() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"supervisor\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
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

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-z_]+(?:_total|_count|_sum))(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    /**
     * The server's counters now (Prometheus names; a counter with labels summed over them): the
     * work it did so far, for {@link WorkPerCall}. A counter an older server does not have is absent.
     */
    java.util.Map<String, Double> counters() {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        Matcher m = SAMPLE.matcher(metrics());
        while (m.find()) {
            out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    /** Heap in use (garbage included), per the server's own jvm_memory_used_bytes, in MiB. */
    double heapNow() {
        Matcher m = HEAP.matcher(metrics());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum / (1 << 20);
    }

    private static final Pattern STEP_BUCKET =
            Pattern.compile("^cti_transfer_setup_step_seconds_bucket\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /**
     * The server's own timers of a transfer's setup steps (cti_transfer_setup_step_seconds{step}),
     * as cumulative counts per bucket bound: step → (bound in seconds → count). Two snapshots give a
     * window's figures ({@link #stepQuantile}).
     */
    java.util.Map<String, java.util.TreeMap<Double, Double>> setupSteps() {
        java.util.Map<String, java.util.TreeMap<Double, Double>> out = new java.util.TreeMap<>();
        Matcher m = STEP_BUCKET.matcher(metrics());
        while (m.find()) {
            String step = null;
            double le = Double.NaN;
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                if (l.group(1).equals("step")) {
                    step = l.group(2);
                } else if (l.group(1).equals("le")) {
                    le = l.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(l.group(2));
                }
            }
            if (step != null && !Double.isNaN(le)) {
                out.computeIfAbsent(step, k -> new java.util.TreeMap<>()).put(le, Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    /**
     * The bucket bound (ms) at or under which quantile {@code q} of a step's samples between two
     * snapshots fall: a bound, not an estimate ("≤ 0.5" means the samples were at most 0.5 ms).
     */
    static String stepQuantile(
            java.util.Map<String, java.util.TreeMap<Double, Double>> from,
            java.util.Map<String, java.util.TreeMap<Double, Double>> to,
            String step,
            double q) {
        var a = from.getOrDefault(step, new java.util.TreeMap<>());
        var b = to.getOrDefault(step, new java.util.TreeMap<>());
        double total = b.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - a.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return "–";
        }
        for (var e : b.entrySet()) {
            double n = e.getValue() - a.getOrDefault(e.getKey(), 0.0);
            if (n >= Math.ceil(q * total)) {
                return e.getKey().isInfinite()
                        ? "> 100"
                        : "≤ "
                                + String.format(Locale.ROOT, "%.2f", e.getKey() * 1000)
                                        .replaceAll("\\.?0+$", "");
            }
        }
        return "–";
    }

    /** The server's own hash format (PasswordHash) with 1,000 iterations: logins measure nothing here. */
    static String lightHash(String password) {
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

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The agent protocol's WebSocket, logged in as the run's supervisor (who may transfer any agent's call). */
    RawWebSocket agentSocket() throws Exception {
        RawWebSocket ws = RawWebSocket.open("127.0.0.1", port);
        String r = ws.requestAndWait("{\"type\":\"login\",\"agent\":\"supervisor\",\"password\":\"" + PASSWORD + "\"}");
        if (!r.contains("\"type\":\"ok\"")) {
            ws.close();
            throw new IllegalStateException("login on /ws/agent failed: " + r);
        }
        return ws;
    }

    private static final Pattern ROOM = Pattern.compile("\"room\":\"([0-9]+)\"");

    /** With the CTI: the softphone's path, the agent protocol's {@code transfer} on /ws/agent (one frame written here). */
    CallObserver.Transferer wsTransfers(RawWebSocket ws) {
        return (callId, callerChannel, agentChannel, n) -> ws.request(
                        "{\"type\":\"transfer\",\"callId\":\"" + callId + "\",\"matter\":\"vat-credit-refund\"}")
                .thenApply(r -> {
                    Matcher m = ROOM.matcher(r);
                    return r.startsWith("{\"type\":\"ok\"") && m.find() ? m.group(1) : null;
                });
    }

    /**
     * With the CTI: the agent's request over the API (POST /api/transfers; the softphone's WebSocket {@code
     * transfer} reaches the same TransferService.request), written on a kept-alive socket ({@link RawHttp}).
     */
    CallObserver.Transferer transfers(String token) {
        return (callId, callerChannel, agentChannel, n) -> raw.post(
                        "/api/transfers", token, "{\"callId\":\"" + callId + "\",\"matter\":\"vat-credit-refund\"}")
                .thenApply(r -> {
                    Matcher m = Pattern.compile("\"room\":\"([0-9]+)\"").matcher(r.body());
                    return r.status() / 100 == 2 && m.find() ? m.group(1) : null;
                });
    }
}
