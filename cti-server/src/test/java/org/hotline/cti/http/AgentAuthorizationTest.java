package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.testing.AgentClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 6: over /ws/agent an agent acts only on its own calls, nobody claims an extension
 * that is not theirs (so {@code ready} never queues {@code PJSIP/<anything>}), and over HTTP an
 * agent reads only its own calls.
 */
class AgentAuthorizationTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
    private static final String PW = "pw-8001";
    private static final String HASH = PasswordHash.hash(PW);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryCallStore store = new InMemoryCallStore();
    private final CallTracker tracker = new CallTracker(store, clock);
    /** What the socket asked the PBX to do, as "method(args)". */
    private final List<String> pbxCalls = new CopyOnWriteArrayList<>();

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        AuthService auth = new AuthService(
                List.of(
                        new User("8001", Role.AGENT, "8001", HASH),
                        new User("8101", Role.AGENT, "8101", HASH),
                        new User("supervisor", Role.SUPERVISOR, null, HASH)),
                clock);
        Telephony pbx = (Telephony) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Telephony.class}, (proxy, m, args) -> {
                    pbxCalls.add(
                            m.getName() + (args == null ? "()" : List.of(args).toString()));
                    return m.getReturnType() == CompletableFuture.class
                            ? CompletableFuture.completedFuture(null)
                            : m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        LiveEvents events = new LiveEvents();
        AgentSocket socket = new AgentSocket(
                auth,
                null,
                null,
                null,
                pbx,
                new org.hotline.cti.app.AgentPresence(pbx, () -> CompletableFuture.completedFuture(List.of()), events),
                events,
                id -> tracker.liveCalls().stream()
                        .filter(c -> c.id().equals(id))
                        .findFirst());
        Router router = new Router();
        new CoreApi(
                        auth,
                        store,
                        tracker,
                        new CoreApi.PbxStatus() {
                            public boolean connected() {
                                return true;
                            }

                            public String asteriskVersion() {
                                return "22";
                            }

                            public String lastError() {
                                return "";
                            }
                        },
                        () -> true,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        ZoneId.of("Asia/Shanghai"),
                        clock,
                        List::of)
                .register(router);
        server = new HttpServer(router, auth, socket, null);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0).getPort();
        // c1 answered by 8101 (still talking), c2 answered by 8001, c3 ringing 8001.
        tracker.submit(new CallEvent.Arrived("c1", NOW.minusSeconds(60), "13800000001", "12345"));
        tracker.submit(new CallEvent.Answered("c1", NOW.minusSeconds(50), "8101"));
        tracker.submit(new CallEvent.Arrived("c2", NOW.minusSeconds(40), "13800000002", "12345"));
        tracker.submit(new CallEvent.Answered("c2", NOW.minusSeconds(30), "8001"));
        tracker.barrier().join();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        tracker.close();
    }

    private static String login(String user, String extension) {
        return "{\"type\":\"login\",\"agent\":\"" + user + "\",\"password\":\"" + PW + "\""
                + (extension == null ? "" : ",\"extension\":\"" + extension + "\"") + "}";
    }

    @Test
    void anAgentMayNotHangUpAnotherAgentsCall() {
        try (AgentClient a = new AgentClient(base)) {
            assertThat(a.request(login("8001", "8001")).path("type").asText()).isEqualTo("ok");
            JsonNode refused = a.request("{\"type\":\"hangup\",\"callId\":\"c1\"}");
            assertThat(refused.path("code").asText()).isEqualTo("not-your-call");
            assertThat(pbxCalls).noneMatch(c -> c.startsWith("hangUpAgent"));
            assertThat(a.request("{\"type\":\"hangup\",\"callId\":\"nope\"}")
                            .path("code")
                            .asText())
                    .isEqualTo("no-such-call");

            assertThat(a.request("{\"type\":\"hangup\",\"callId\":\"c2\"}")
                            .path("type")
                            .asText())
                    .isEqualTo("ok");
            assertThat(pbxCalls).contains("hangUpAgent[c2]");
        }
    }

    @Test
    void aSupervisorMayHangUpAnyAgentsCall() {
        try (AgentClient s = new AgentClient(base)) {
            assertThat(s.request(login("supervisor", null)).path("extension").isNull())
                    .isTrue();
            assertThat(s.request("{\"type\":\"hangup\",\"callId\":\"c1\"}")
                            .path("type")
                            .asText())
                    .isEqualTo("ok");
            assertThat(pbxCalls).contains("hangUpAgent[c1]");
        }
    }

    @Test
    void nobodyClaimsAnExtensionThatIsNotTheirsSoReadyNeverQueuesAnything() {
        try (AgentClient s = new AgentClient(base)) {
            assertThat(s.request(login("supervisor", "9999")).path("code").asText())
                    .isEqualTo("wrong-extension");
            assertThat(s.request(login("supervisor", "8001/../x")).path("code").asText())
                    .isEqualTo("bad-extension");
            assertThat(s.request(login("supervisor", "PJSIP/evil")).path("code").asText())
                    .isEqualTo("bad-extension");
            assertThat(s.request("{\"type\":\"ready\",\"ready\":true}")
                            .path("code")
                            .asText())
                    .isEqualTo("login-required");
            // A supervisor may sit at a configured agent's desk.
            JsonNode ok = s.request(login("supervisor", "8101"));
            assertThat(ok.path("extension").asText()).isEqualTo("8101");
        }
        try (AgentClient a = new AgentClient(base)) {
            assertThat(a.request(login("8001", "8101")).path("code").asText()).isEqualTo("wrong-extension");
        }
        assertThat(pbxCalls).allMatch(c -> !c.startsWith("agentReady") || c.contains("[8101,") || c.contains("[8001,"));
        assertThat(pbxCalls).noneMatch(c -> c.contains("9999") || c.contains("evil"));
    }

    @Test
    void anAgentReadsOnlyItsOwnCallsOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = Json.MAPPER
                .readTree(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"user\":\"8001\",\"password\":\"" + PW + "\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("token")
                .asText();
        JsonNode live = Json.MAPPER.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/calls/live"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(live.get("calls").findValuesAsText("id")).containsExactly("c2");
        JsonNode today = Json.MAPPER.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/calls?date=2026-11-27"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(today.get("calls").findValuesAsText("id")).containsExactly("c2");
    }
}
