package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.metrics.CallMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoreApiTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z"); // 11:00 in Shanghai
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryCallStore store = new InMemoryCallStore();
    private final CallTracker tracker = new CallTracker(store, clock);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newHttpClient();
    private boolean amiUp = true;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        String hash = PasswordHash.hash("秘密-pw");
        AuthService auth = new AuthService(
                List.of(
                        new User("supervisor", Role.SUPERVISOR, null, hash),
                        new User("8001", Role.AGENT, "8001", hash)),
                clock);
        tracker.addListener(new CallMetrics(registry));
        CoreApi.PbxStatus pbx = new CoreApi.PbxStatus() {
            public boolean connected() {
                return amiUp;
            }

            public String asteriskVersion() {
                return "22.10.1";
            }

            public String lastError() {
                return amiUp ? "" : "cannot connect to 127.0.0.1:5038: refused";
            }
        };
        Router router = new Router();
        new CoreApi(
                        auth,
                        store,
                        tracker,
                        pbx,
                        () -> true,
                        registry,
                        ZoneId.of("Asia/Shanghai"),
                        clock,
                        () -> java.util.List.of("the 2027 holiday table is provisional"))
                .register(router);
        server = new HttpServer(router, auth);
        server.bindMetrics(registry);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        tracker.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/api/login", null, "{\"user\":\"" + user + "\",\"password\":\"秘密-pw\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r).get("token").asText();
    }

    @Test
    void metricsHaveTheNettyBasicsAndCountOpenConnections() throws Exception {
        String text = send("GET", "/metrics", login("supervisor"), null).body();
        assertThat(text)
                .contains(
                        "netty_allocator_memory_used",
                        "netty_eventexecutor_tasks_pending",
                        "cti_http_connections 1.0"); // the scrape's own keep-alive connection (the login's is reused)
        assertThat(text).doesNotContain("cti_agent_sessions"); // this server has no agent WebSocket
    }

    @Test
    void healthSaysWhetherAmiIsConnectedAndWhy() throws Exception {
        String token = login("8001"); // details need a token (issue 11 item 10; EdgeTest)
        JsonNode h = json(send("GET", "/api/health", token, null));
        assertThat(h.get("amiConnected").asBoolean()).isTrue();
        assertThat(h.get("asteriskVersion").asText()).isEqualTo("22.10.1");
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("warnings").get(0).asText()).contains("2027", "provisional");
        amiUp = false;
        h = json(send("GET", "/api/health", token, null));
        assertThat(h.get("status").asText()).isEqualTo("degraded");
        assertThat(h.get("amiError").asText()).contains("refused");
    }

    @Test
    void loginGivesATokenWithTheRoleAndWrongCredentialsAreRefusedClearly() throws Exception {
        HttpResponse<String> ok = send("POST", "/api/login", null, "{\"user\":\"supervisor\",\"password\":\"秘密-pw\"}");
        assertThat(json(ok).get("role").asText()).isEqualTo("supervisor");
        HttpResponse<String> bad = send("POST", "/api/login", null, "{\"user\":\"supervisor\",\"password\":\"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(json(bad).at("/error/code").asText()).isEqualTo("bad-credentials");
        HttpResponse<String> malformed = send("POST", "/api/login", null, "{\"user\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).at("/error/code").asText()).isEqualTo("malformed-json");
        HttpResponse<String> missing = send("POST", "/api/login", null, "{\"user\":\"supervisor\"}");
        assertThat(json(missing).at("/error/message").asText()).contains("'password'");
    }

    @Test
    void callsNeedAToken() throws Exception {
        HttpResponse<String> r = send("GET", "/api/calls", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(send("GET", "/api/calls", "forged", null).statusCode()).isEqualTo(401);
    }

    @Test
    void callsOfTheDayAndLiveCallsAreListedAndCountedInMetrics() throws Exception {
        tracker.submit(new CallEvent.Arrived("c1", NOW.minusSeconds(120), "13800000001", "12345"));
        tracker.submit(new CallEvent.Answered("c1", NOW.minusSeconds(100), "8101"));
        tracker.submit(new CallEvent.Ended("c1", NOW.minusSeconds(10), 16, "Normal Clearing"));
        tracker.submit(new CallEvent.Arrived("c2", NOW.minusSeconds(5), "13800000002", "12345"));
        tracker.submit(new CallEvent.Queued("c2", NOW.minusSeconds(4), "enterprise-desk", 1));
        tracker.barrier().join();
        String token = login("supervisor"); // agents see only their own calls (AgentAuthorizationTest)

        JsonNode today = json(send("GET", "/api/calls?date=2026-11-27", token, null));
        assertThat(today.get("calls")).hasSize(2);
        assertThat(today.at("/calls/0/outcome").asText()).isEqualTo("answered");
        assertThat(today.at("/calls/0/agent").asText()).isEqualTo("8101");
        assertThat(today.at("/calls/0/timeline/1/kind").asText()).isEqualTo("answered");
        assertThat(json(send("GET", "/api/calls?date=2026-11-26", token, null)).get("calls"))
                .isEmpty();
        HttpResponse<String> badDate = send("GET", "/api/calls?date=27/11/2026", token, null);
        assertThat(json(badDate).at("/error/code").asText()).isEqualTo("bad-date");

        JsonNode live = json(send("GET", "/api/calls/live", token, null));
        assertThat(live.get("calls")).hasSize(1);
        assertThat(live.at("/calls/0/id").asText()).isEqualTo("c2");
        assertThat(live.at("/calls/0/state").asText()).isEqualTo("queued");

        assertThat(send("GET", "/metrics", token, null).body()).contains("cti_calls_total{outcome=\"answered\"} 1.0");
    }

    @Test
    void unknownPathsWrongMethodsAndHugeBodiesGetClearErrors() throws Exception {
        assertThat(json(send("GET", "/api/nope", null, null)).at("/error/code").asText())
                .isEqualTo("not-found");
        HttpResponse<String> wrong = send("DELETE", "/api/login", null, null);
        assertThat(wrong.statusCode()).isEqualTo(405);
        HttpResponse<String> huge = send("POST", "/api/login", null, "x".repeat(HttpServer.MAX_BODY_BYTES + 10));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).at("/error/code").asText()).isEqualTo("payload-too-large");
    }
}
