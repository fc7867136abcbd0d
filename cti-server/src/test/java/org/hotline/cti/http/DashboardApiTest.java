package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.dashboard.HalfHourSeries;
import org.hotline.cti.app.port.QueueMembers;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardApiTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z"); // Friday 11:00 in Shanghai
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryCallStore calls = new InMemoryCallStore();
    private final HttpClient client = HttpClient.newHttpClient();
    private final AuthService auth = new AuthService(
            List.of(
                    new User("supervisor", Role.SUPERVISOR, null, PasswordHash.hash("pw")),
                    new User("8001", Role.AGENT, "8001", PasswordHash.hash("pw"))),
            clock);
    private CompletableFuture<List<QueueMembers.Agent>> queue = CompletableFuture.completedFuture(List.of(
            new QueueMembers.Agent("8101", "in-call", false, null, 3, Instant.parse("2026-11-27T02:58:00Z"), false),
            new QueueMembers.Agent("8001", "idle", true, "午休", 0, null, true)));
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        Router router = new Router();
        new DashboardPage().register(router);
        new DashboardApi(
                        new HalfHourSeries(calls, new InMemoryTransferStore(), () -> SHANGHAI),
                        () -> queue,
                        () -> SHANGHAI,
                        clock,
                        () -> java.util.Set.of("8001", "8002"))
                .register(router);
        server = new HttpServer(router, auth);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (user != null) {
            b.header("Authorization", "Bearer " + auth.login(user, "pw").token());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void servesThePageWithItsCharsetAndAContentSecurityPolicyWithoutLogin() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .contains("script-src 'self'")
                .contains("connect-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.body()).contains("值班长实时看板").contains("<script src=\"/dashboard.js\"");

        HttpResponse<String> js = get("/dashboard.js", null);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("new EventSource('/api/events");
        assertThat(get("/dashboard.css", null).headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        assertThat(get("/nope.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void servesTheDepartmentInboxBesideTheDashboardUnderTheSamePolicy() throws Exception {
        HttpResponse<String> page = get("/inbox", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .doesNotContain("unsafe-inline");
        assertThat(page.body())
                .contains("部门工单")
                .contains("<script src=\"/inbox.js\"")
                .doesNotContain("<script>");
        assertThat(get("/inbox.js", null).body()).contains("/api/workorders");
        assertThat(get("/inbox.css", null).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/", null).body()).as("the dashboard links to it").contains("href=\"/inbox\"");
    }

    @Test
    void halfHoursAreForSupervisorsAndDefaultToTodayInTheHotlinesZone() throws Exception {
        Instant at = Instant.parse("2026-11-27T01:40:00Z"); // 09:40 Shanghai → slot 19
        calls.save(
                new CallRecord(
                        "c1",
                        "13800000000",
                        "12345",
                        at,
                        "enterprise-desk",
                        at,
                        null,
                        null,
                        null,
                        null,
                        false,
                        "abandoned",
                        at.plusSeconds(30),
                        16,
                        null,
                        CallState.ENDED,
                        CallOutcome.ABANDONED,
                        List.of()),
                List.of());

        assertThat(get("/api/stats/halfhours", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/stats/halfhours", "8001").statusCode()).isEqualTo(403);
        JsonNode h = json(get("/api/stats/halfhours", "supervisor"));
        assertThat(h.get("date").asText()).isEqualTo("2026-11-27");
        assertThat(h.get("compareDate").asText()).isEqualTo("2026-11-20");
        assertThat(h.get("slots")).hasSize(48);
        assertThat(h.at("/today/calls/19").asLong()).isEqualTo(1);
        assertThat(h.at("/today/totalCalls").asLong()).isEqualTo(1);
        assertThat(h.at("/lastWeek/totalCalls").asLong()).isZero();

        assertThat(json(get("/api/stats/halfhours?date=2026-11-20", "supervisor"))
                        .at("/today/totalCalls")
                        .asLong())
                .isZero();
        HttpResponse<String> bad = get("/api/stats/halfhours?date=27.11.2026", "supervisor");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/code").asText()).isEqualTo("bad-date");
    }

    @Test
    void agentsListTheQueueMembersAndSayWhenThePbxIsUnreachable() throws Exception {
        JsonNode agents = json(get("/api/agents", "supervisor")).get("agents");
        assertThat(agents).hasSize(3);
        assertThat(agents.get(0).get("extension").asText()).isEqualTo("8101");
        assertThat(agents.get(0).get("status").asText()).isEqualTo("in-call");
        assertThat(agents.get(1).get("paused").asBoolean()).isTrue();
        assertThat(agents.get(1).get("pausedReason").asText()).isEqualTo("午休");
        // Issue 11: whether a desktop is logged in at each member, and a logged-in agent the queue lost.
        assertThat(agents.get(0).get("session").asBoolean()).isFalse();
        assertThat(agents.get(1).get("session").asBoolean()).isTrue();
        assertThat(agents.get(2).get("extension").asText()).isEqualTo("8002");
        assertThat(agents.get(2).get("status").asText()).isEqualTo("not-in-queue");
        assertThat(get("/api/agents", "8001").statusCode()).isEqualTo(403);

        queue = CompletableFuture.failedFuture(
                new CtiException(ErrorId.AMI_DISCONNECTED, "not connected to Asterisk AMI"));
        HttpResponse<String> down = get("/api/agents", "supervisor");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).at("/error/code").asText()).isEqualTo("ami-disconnected");

        queue = new CompletableFuture<>(); // the PBX never answers
        HttpResponse<String> slow = get("/api/agents", "supervisor");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(json(slow).at("/error/code").asText()).isEqualTo("pbx-timeout");
    }
}
