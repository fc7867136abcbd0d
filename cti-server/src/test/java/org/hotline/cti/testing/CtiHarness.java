package org.hotline.cti.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.boot.CtiServer;
import org.hotline.cti.config.ConfigNode;
import org.hotline.cti.config.ServerConfig;
import org.hotline.cti.pbx.SandboxPaths;

/**
 * A real cti-server (HTTP on a free port, a fresh database: H2 in memory, or a PostgreSQL schema of
 * its own with {@code -Dit.db=postgres}, see {@link TestDatabase}) following the sandbox Asterisk,
 * with a small HTTP client logged in as the supervisor.
 */
public final class CtiHarness implements AutoCloseable {
    public static final String PASSWORD = "it-password";
    private static final String HASH = PasswordHash.hash(PASSWORD);

    private final CtiServer server;
    private final ApiClient api;
    /** The fresh database this harness made and drops when it closes; null when the test gave one. */
    private final String ownDatabase;

    public CtiHarness(Map<String, String> env, Clock clock) {
        this(env, clock, "hotline: {calendar: always-open}");
    }

    /** {@code extraYaml} adds or replaces top-level sections (hotline, transfer…) of the test config. */
    public CtiHarness(Map<String, String> env, Clock clock, String extraYaml) {
        this(env, clock, TestDatabase.fresh(), extraYaml, true);
    }

    /**
     * A server on a given database (e.g. {@link TestDatabase#persistent} a second server opens after
     * the first stopped); the test drops it.
     */
    public CtiHarness(Map<String, String> env, Clock clock, String databaseUrl, String extraYaml) {
        this(env, clock, databaseUrl, extraYaml, false);
    }

    private CtiHarness(Map<String, String> env, Clock clock, String databaseUrl, String extraYaml, boolean own) {
        this.ownDatabase = own ? databaseUrl : null;
        ServerConfig cfg = config(env, databaseUrl, extraYaml);
        CtiServer started;
        try {
            started = new CtiServer(cfg, clock).start();
        } catch (RuntimeException | Error e) {
            if (own) {
                TestDatabase.drop(databaseUrl);
            }
            throw e;
        }
        this.server = started;
        this.api = new ApiClient("http://127.0.0.1:" + server.httpAddress().getPort());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> server.telephony().client().isConnected());
        readyScriptedAgents();
    }

    /** The test configuration every harness server runs with (issue 14: two servers share one). */
    public static ServerConfig config(Map<String, String> env, String databaseUrl, String extraYaml) {
        String yaml = """
                http: {host: 127.0.0.1, port: 0}
                ami: {host: 127.0.0.1, port: 5038, username: cti, secret: hotline-sandbox-ami,
                      keepAlive: 2 seconds, reconnectMin: 100 ms, reconnectMax: 1 seconds}
                database: {url: "%s"}
                pbx: {dialplanDir: "%s/etc/asterisk"}
                """.formatted(
                        databaseUrl,
                        SandboxPaths.defaults(System.getenv(), Path.of("")).chrootDir())
                // No scheduled dial-test fires in the middle of another test unless a test asks for one.
                + (extraYaml.contains("dialTests:") ? "" : "dialTests: {times: []}\n")
                // One FastAGI port (4573) on the machine: only tests of caller recognition take it.
                + (extraYaml.contains("agi:") ? "" : "agi: {enabled: false}\n") + extraYaml + "\n";
        return ServerConfig.from(ConfigNode.parse("it.yaml", yaml, env::get), Path.of("config"))
                .withUsers(u -> List.of(
                        new User("supervisor", Role.SUPERVISOR, null, HASH),
                        new User("admin", Role.ADMIN, null, HASH),
                        new User("8001", Role.AGENT, "8001", HASH),
                        new User("8101", Role.AGENT, "8101", HASH),
                        new User("tax", Role.DEPARTMENT, null, HASH, "tax"),
                        new User("hrss", Role.DEPARTMENT, null, HASH, "hrss"),
                        new User("market", Role.DEPARTMENT, null, HASH, "market"),
                        new User("yingshang", Role.DEPARTMENT, null, HASH, "yingshang")));
    }

    /**
     * Scripted agents 8101–8105 ready in the queue: an agent session that dropped in an earlier test
     * pauses its extension (by design), and that pause lives on in Asterisk.
     */
    public void readyScriptedAgents() {
        readyScriptedAgents(server);
    }

    public static void readyScriptedAgents(CtiServer server) {
        var ami = server.telephony().client();
        for (int ext = 8101; ext <= 8105; ext++) {
            ami.send("QueuePause", "Queue", "enterprise-desk", "Interface", "PJSIP/" + ext, "Paused", "false")
                    .join();
        }
    }

    public CtiHarness() {
        this(Map.of(), Clock.systemUTC());
    }

    public CtiHarness(String extraYaml) {
        this(Map.of(), Clock.systemUTC(), "hotline: {calendar: always-open}\n" + extraYaml);
    }

    /** From now on, requests are made as {@code user} (supervisor or admin). */
    public CtiHarness loginAs(String user) {
        api.as(user);
        return this;
    }

    /** Status code and body, for checks of error statuses. */
    public HttpResponse<String> raw(String method, String path, String body) {
        return api.raw(method, path, body);
    }

    public CtiServer server() {
        return server;
    }

    public String base() {
        return api.base();
    }

    /** Forgets the token, so the next request logs in again (after a test moved the clock past its expiry). */
    public void relogin() {
        api.relogin();
    }

    public JsonNode get(String path) {
        return api.get(path);
    }

    public JsonNode post(String path, String body) {
        return api.post(path, body);
    }

    /** Logs in as {@code user} for the next requests. */
    public CtiHarness as(String user) {
        return loginAs(user);
    }

    /** The live call from {@code caller} once an agent talks to it; its id. */
    public String awaitTalking(String caller, Duration within) {
        return api.awaitLive(caller, "talking", within);
    }

    /** Hangs up every channel on the sandbox PBX (tests leave conferences behind otherwise). */
    public void hangUpEverything() {
        var ami = server.telephony().client();
        ami.send("Hangup", "Channel", "/.*/").join();
        readyScriptedAgents();
        // Wait until the PBX has no channel left, so device states (which the queue uses to pick
        // agents) are idle again before the next test places calls.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> ami.send("CoreShowChannels").join().events().stream()
                        .noneMatch(e -> "CoreShowChannel".equals(e.event())));
    }

    public JsonNode send(String method, String path, String body) {
        return api.send(method, path, body);
    }

    /** A caller number no other test uses, so tests can find their own calls. */
    public static String uniqueCaller() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** Today's calls from {@code caller} (as /api/calls lists them). */
    public List<JsonNode> callsFrom(String caller) {
        return api.callsFrom(caller);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (ownDatabase != null) {
                TestDatabase.drop(ownDatabase);
            }
        }
    }
}
