package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.rotation.RotationService;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcRotationStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rotation-session API over HTTP (docs/rotation.md) with the project's roster.yaml and calendar
 * and an H2 store: a Tuesday-morning session counts entities served against 50 (R4, R5), and is
 * refused outside a session with {@code outside-rotation-session}.
 */
class RotationApiTest {
    // Tuesday 3 March 2026, 09:00 in Shanghai: inside the 08:30–11:30 session.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T01:00:00Z"));
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new HashMap<>();
    private Database db;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        String hash = PasswordHash.hash("pw");
        AuthService auth = new AuthService(
                List.of(
                        new User("8001", Role.AGENT, "8001", hash),
                        new User("tax", Role.DEPARTMENT, null, hash, "tax")),
                clock);
        HotlineRules rules = new HotlineRules(
                new org.hotline.cti.config.RuleFileSet(
                        Path.of("../config/departments.yaml"),
                        Path.of("../config/calendar"),
                        Path.of("../config/roster.yaml"),
                        false,
                        ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        RotationService service = new RotationService(
                () -> rules.now().roster(), new JdbcRotationStore(db.dataSource()), new LiveEvents(), clock);
        Router router = new Router();
        new RotationApi(service, () -> rules.now().calendar().zone(), clock).register(router);
        router.post("/api/login", null, req -> {
            JsonNode n = Json.tree(req.body());
            return org.hotline.cti.http.HttpResponse.json(Map.of(
                    "token",
                    auth.login(n.get("user").asText(), n.get("password").asText())
                            .token()));
        });
        server = new HttpServer(router, auth);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    private record Reply(int status, JsonNode body) {
        String error() {
            return body.at("/error/code").asText();
        }
    }

    private Reply send(String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + login(user))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
    }

    private String login(String user) throws Exception {
        String known = tokens.get(user);
        if (known != null) {
            return known;
        }
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"pw\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = Json.MAPPER.readTree(r.body()).get("token").asText();
        tokens.put(user, token);
        return token;
    }

    @Test
    void aTuesdaySessionCountsDistinctEntitiesAgainstFifty() throws Exception {
        Reply current = send("8001", "GET", "/api/rotation/current", null);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body().at("/session/date").asText()).isEqualTo("2026-03-03");
        assertThat(current.body().at("/session/inProgress").asBoolean()).isTrue();
        assertThat(current.body().at("/session/target").asInt()).isEqualTo(50);

        // A department user signs in as themself; an agent signs in the roster's Tuesday specialist by name.
        assertThat(send("tax", "POST", "/api/rotation/current/sign-in", null).status())
                .isEqualTo(200);
        Reply byName = send("8001", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"王敏\"}");
        assertThat(byName.body().at("/session/signIns/1/specialist").asText()).isEqualTo("王敏");
        assertThat(byName.body().at("/session/signIns/1/department").asText()).isEqualTo("tax");
        assertThat(send("8001", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"刘洋\"}")
                        .error())
                .isEqualTo("unknown-specialist"); // 刘洋 sits on Fridays

        send(
                "tax",
                "POST",
                "/api/rotation/current/served",
                "{\"entity\":\"上海某某科技有限公司\",\"kind\":\"interpretation\",\"note\":\"留抵退税\"}");
        send(
                "8001",
                "POST",
                "/api/rotation/current/served",
                "{\"entity\":\"上海某某科技有限公司\",\"creditCode\":\"91310000MA1FL4XX2K\",\"kind\":\"application-help\"}");
        Reply served =
                send("8001", "POST", "/api/rotation/current/served", "{\"entity\":\"李记面馆\",\"kind\":\"survey\"}");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body().at("/session/served").asInt()).isEqualTo(2);
        assertThat(served.body().at("/session/met").asBoolean()).isFalse();
        assertThat(served.body().at("/session/services").size()).isEqualTo(3);
        assertThat(served.body().at("/session/entities/0/creditCode").asText()).isEqualTo("91310000MA1FL4XX2K");

        Reply bad = send("8001", "POST", "/api/rotation/current/served", "{\"entity\":\"某某公司\",\"kind\":\"lunch\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("unknown-kind");
        assertThat(send("8001", "POST", "/api/rotation/current/served", "{\"kind\":\"survey\"}")
                        .error())
                .isEqualTo("bad-entity");

        Reply day = send("tax", "GET", "/api/rotation/sessions?date=2026-03-03", null);
        assertThat(day.body().at("/sessions/0/served").asInt()).isEqualTo(2);
    }

    @Test
    void outsideASessionSignInAndServedAreRefusedAndTheNextSessionIsShown() throws Exception {
        clock.set(Instant.parse("2026-03-04T01:00:00Z")); // Wednesday 09:00
        Reply refused =
                send("8001", "POST", "/api/rotation/current/served", "{\"entity\":\"李记面馆\",\"kind\":\"survey\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("outside-rotation-session");
        assertThat(send("tax", "POST", "/api/rotation/current/sign-in", null).error())
                .isEqualTo("outside-rotation-session");

        Reply current = send("8001", "GET", "/api/rotation/current", null);
        assertThat(current.body().at("/session/date").asText()).isEqualTo("2026-03-06");
        assertThat(current.body().at("/session/inProgress").asBoolean()).isFalse();
        assertThat(send("8001", "GET", "/api/rotation/sessions?date=2026-03-04", null)
                        .body()
                        .get("sessions")
                        .size())
                .isZero();
    }
}
