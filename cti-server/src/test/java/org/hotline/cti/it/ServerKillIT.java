package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.cti.pbx.SandboxPaths;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.RawAmi;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.hotline.cti.testing.TestRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CTI server killed for real: {@code cti-server.jar serve} in a JVM of its own on an H2 file,
 * SIGKILLed in the middle of calls (no shutdown hook runs, nothing is flushed), while the sandbox
 * Asterisk and the SIP peers carry on. Calls end and a new caller gives up while no CTI watches;
 * then the server is started again on the same files, as an operator (or systemd) would. What a
 * supervisor checks afterwards: every call the callers placed has exactly one record with its true
 * outcome, every miss is queued once for the duty supervisor's call-back (R11), and no transfer is
 * left open — the one that was ringing failed with {@code server-restart} and its R13 work order.
 */
@ExtendWith(SandboxPbxExtension.class)
class ServerKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("cti-server/target/cti-server.jar");

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process server;
    private int port;
    private String token;
    private int starts;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: a clean stop this time
            server.waitFor();
        }
        try (RawAmi ami = ami()) {
            ami.send("Hangup", Map.of("Channel", "/.*/"));
            ami.awaitText("Response:", Duration.ofSeconds(5));
            readyAgents(ami, true);
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aServerKilledMidCallsComesBackWithOneTrueRecordPerCallACallbackPerMissAndNoTransferOpen() throws Exception {
        assertThat(JAR).as("the packaged server (mvn package)").exists();
        Path rules = TestRules.withoutRotation("kill-it", d -> d);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("cti.yaml"), """
                http: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: 5038, username: cti, secret: hotline-sandbox-ami,
                      keepAlive: 2 seconds, reconnectMin: 100 ms, reconnectMax: 1 seconds}
                database: {url: "jdbc:h2:file:%s"}
                pbx: {dialplanDir: "%s/etc/asterisk"}
                hotline: {calendar: always-open, departments: "%s", roster: "%s"}
                transfer: {legGrace: 5 seconds}
                dialTests: {times: []}
                agi: {enabled: false}
                users:
                  - {name: supervisor, role: supervisor, password: "${IT_PASSWORD}"}
                """.formatted(
                        port,
                        dir.resolve("data/cti").toAbsolutePath(),
                        SandboxPaths.defaults(System.getenv(), Path.of("")).chrootDir(),
                        rules.resolve("departments.yaml").toAbsolutePath(),
                        rules.resolve("roster.yaml").toAbsolutePath()));
        start();
        try (RawAmi ami = ami()) {
            readyAgents(ami, true);
        }

        // Call A: talking with the scripted agent 8101, its transfer ringing a specialist who never answers.
        open(Sipp.agent(8101));
        Sipp nobody = open(Sipp.peer("noanswer.xml", "127.0.0.3", 5071));
        String talking = CtiHarness.uniqueCaller();
        Sipp callerA = open(Sipp.caller("caller.xml", "127.0.0.2", 5115, talking, "12345", Duration.ofSeconds(20)));
        String callA = awaitLive(talking, "talking");
        String transfer = post("/api/transfers", "{\"callId\":\"" + callA + "\",\"matter\":\"vat-credit-refund\"}")
                .get("id")
                .asText();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "ringing"
                        .equals(get("/api/transfers/" + transfer).path("state").asText()));

        // Call B: waiting in the queue (every agent paused); its caller gives up while the server is dead.
        try (RawAmi ami = ami()) {
            readyAgents(ami, false);
        }
        String gaveUp = CtiHarness.uniqueCaller();
        Sipp callerB =
                open(Sipp.caller("caller-cancel.xml", "127.0.0.2", 5116, gaveUp, "12345", Duration.ofSeconds(12)));
        awaitLive(gaveUp, "queued");

        server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no goodbye to the PBX
        assertThat(server.waitFor()).as("killed by SIGKILL").isEqualTo(137);
        server = null;

        // While no CTI watches: a caller who rings and gives up, and calls A and B end.
        String unseen = CtiHarness.uniqueCaller();
        try (Sipp callerC =
                Sipp.caller("caller-cancel.xml", "127.0.0.2", 5117, unseen, "12345", Duration.ofSeconds(3))) {
            callerC.awaitExit(Duration.ofSeconds(30));
        }
        callerA.awaitExit(Duration.ofSeconds(60));
        callerB.awaitExit(Duration.ofSeconds(60));

        start();
        token = null;

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/api/calls/live").get("calls"))
                        .as("live calls after the restart")
                        .isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(callsFrom(talking))
                    .as("call A, answered before the kill, ended while the server was dead")
                    .singleElement()
                    .satisfies(c -> assertThat(c.get("outcome").asText()).isEqualTo("answered"));
            assertThat(callsFrom(gaveUp))
                    .as("call B, queued at the kill, abandoned while the server was dead")
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.get("outcome").asText()).isEqualTo("abandoned");
                        assertThat(c.path("missedReason").asText())
                                .as("why it was missed")
                                .isNotBlank();
                    });
            assertThat(callsFrom(unseen))
                    .as("call C, placed and given up while the server was dead (from the PBX's CEL)")
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.get("outcome").asText()).isEqualTo("abandoned");
                        assertThat(c.path("missedReason").asText())
                                .as("why it was missed")
                                .isNotBlank();
                    });
        });
        // R11: one call-back per missed number, none for the answered call.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<String> numbers = get("/api/callbacks").get("callbacks").findValuesAsText("number");
            assertThat(numbers).containsOnlyOnce(gaveUp, unseen).doesNotContain(talking);
        });
        // No transfer left open: the ringing one failed with server-restart and got its R13 work order.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/transfers/" + transfer).hasNonNull("outcome"));
        JsonNode t = get("/api/transfers/" + transfer);
        assertThat(t.get("outcome").asText()).isEqualTo("failed");
        assertThat(t.get("cause").asText()).isEqualTo("server-restart");
        assertThat(t.get("workOrderId").asText()).startsWith("WO");
        assertThat(get("/api/transfers").get("transfers").findValues("outcome")).noneMatch(JsonNode::isNull);
        nobody.awaitExit(Duration.ofSeconds(30));
    }

    private <T extends AutoCloseable> T open(T c) {
        open.add(c);
        return c;
    }

    private void start() throws IOException {
        Path log = dir.resolve("server-" + ++starts + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        JAR.toString(),
                        "serve",
                        "--config",
                        dir.resolve("cti.yaml").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("IT_PASSWORD", CtiHarness.PASSWORD);
        server = pb.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!server.isAlive()) {
                            throw new AssertionError(
                                    "serve exited with " + server.exitValue() + ":\n" + Files.readString(log));
                        }
                        return "ok".equals(health());
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("serve did not report ok within 60 s:\n" + Files.readString(log), e);
        }
    }

    private String health() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("status").asText();
        } catch (Exception e) {
            return "unreachable";
        }
    }

    private static RawAmi ami() throws IOException {
        return RawAmi.login("127.0.0.1", 5038, RawAmi.USER, RawAmi.SECRET, false);
    }

    /** Scripted agents 8101–8105 ready (or all paused, so a caller waits in the queue). */
    private static void readyAgents(RawAmi ami, boolean ready) throws IOException {
        for (int ext = 8101; ext <= 8105; ext++) {
            String id = "ready-" + ext + "-" + System.nanoTime();
            ami.send(
                    "QueuePause",
                    Map.of(
                            "Queue",
                            "enterprise-desk",
                            "Interface",
                            "PJSIP/" + ext,
                            "Paused",
                            Boolean.toString(!ready),
                            "ActionID",
                            id));
            ami.awaitText("ActionID: " + id, Duration.ofSeconds(5));
        }
    }

    private String awaitLive(String caller, String state) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode c : get("/api/calls/live").get("calls")) {
                if (caller.equals(c.get("caller").asText())
                        && state.equals(c.get("state").asText())) {
                    id[0] = c.get("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private List<JsonNode> callsFrom(String caller) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        get("/api/calls").get("calls").forEach(c -> {
            if (caller.equals(c.get("caller").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    private JsonNode get(String path) throws Exception {
        return send("GET", path, null);
    }

    private JsonNode post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        if (token == null) {
            token = request(
                            "POST",
                            "/api/login",
                            "{\"user\":\"supervisor\",\"password\":\"" + CtiHarness.PASSWORD + "\"}")
                    .get("token")
                    .asText();
        }
        return request(method, path, body);
    }

    private JsonNode request(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return JSON.readTree(r.body());
    }
}
