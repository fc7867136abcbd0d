package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 11 item 9: hostile request bodies and parameters get a 400 with a stable id, never a 500 or SQL text. */
class HostileRequestTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
    private static final String HASH = PasswordHash.hash("pw-秘密");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryCallStore store = new InMemoryCallStore();
    private final CallTracker tracker = new CallTracker(store, clock);
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        AuthService auth = new AuthService(List.of(new User("supervisor", Role.SUPERVISOR, null, HASH)), clock);
        CoreApi.PbxStatus pbx = new CoreApi.PbxStatus() {
            public boolean connected() {
                return true;
            }

            public String asteriskVersion() {
                return "22.10.1";
            }

            public String lastError() {
                return "";
            }
        };
        Router router = new Router();
        new CoreApi(
                        auth,
                        store,
                        tracker,
                        pbx,
                        () -> true,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        ZoneId.of("Asia/Shanghai"),
                        clock,
                        List::of)
                .register(router);
        router.get("/api/test/store", Role.SUPERVISOR, req -> {
            throw new CtiException(
                    ErrorId.STORE_FAILED,
                    "cannot read calls: Table \"CALLS\" not found; SQL statement: SELECT id FROM calls",
                    new SQLException("Table \"CALLS\" not found; SQL statement: SELECT id FROM calls"));
        });
        server = new HttpServer(router, auth);
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

    private String token() throws Exception {
        return Json.MAPPER
                .readTree(send("POST", "/api/login", null, "{\"user\":\"supervisor\",\"password\":\"pw-秘密\"}")
                        .body())
                .get("token")
                .asText();
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body()).at("/error/code").asText();
    }

    @Test
    void deeplyNestedJsonBeforeLoginIsA400WithAStableId() throws Exception {
        String deep = "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        HttpResponse<String> r = send("POST", "/api/login", null, deep);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("json-too-complex");
        assertThat(r.body()).doesNotContain("Exception", "at com.");
    }

    @Test
    void aNumberOf1200DigitsIsA400() throws Exception {
        HttpResponse<String> r =
                send("POST", "/api/login", null, "{\"user\":" + "9".repeat(1200) + ",\"password\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("json-too-complex");
    }

    @Test
    void jsonThatEndsInTheMiddleStillNamesWhereItBroke() throws Exception {
        HttpResponse<String> r = send("POST", "/api/login", null, "{\"user\": [1, 2");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("malformed-json");
    }

    @Test
    void aDateAtTheEndOfTimeIsABadDateNotA500() throws Exception {
        String token = token();
        for (String d : List.of("%2B999999999-12-31", "-999999999-01-01", "0000-01-01", "99999-01-01", "2026-02-30")) {
            HttpResponse<String> r = send("GET", "/api/calls?date=" + d, token, null);
            assertThat(r.statusCode()).as(d).isEqualTo(400);
            assertThat(code(r)).as(d).isEqualTo("bad-date");
        }
        assertThat(send("GET", "/api/calls?date=2026-11-27", token, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void databaseErrorTextNeverReachesTheClient() throws Exception {
        HttpResponse<String> r = send("GET", "/api/test/store", token(), null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(code(r)).isEqualTo("store-failed");
        assertThat(r.body()).doesNotContain("SQL", "CALLS", "SELECT");
    }

    @Test
    void aBurstOfWrongPasswordsGets429WithRetryAfterWhileOthersStillWork() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 7; i++) {
            last = send("POST", "/api/login", null, "{\"user\":\"supervisor\",\"password\":\"guess-" + i + "\"}");
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(code(last)).isEqualTo("too-many-attempts");
        assertThat(last.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        // The API stays responsive meanwhile.
        assertThat(send("GET", "/api/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheToken() throws Exception {
        String token = token();
        assertThat(send("GET", "/api/calls", token, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/logout", token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/calls", token, null).statusCode()).isEqualTo(401);
    }

    /** One raw request on a socket (HttpClient refuses to send most of these); the whole answer as text. */
    private String raw(String request) throws Exception {
        try (java.net.Socket s =
                new java.net.Socket("127.0.0.1", java.net.URI.create(base).getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String rawCode(String answer) throws Exception {
        return Json.MAPPER
                .readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                .at("/error/code")
                .asText();
    }

    @Test
    void aMalformedEscapeInThePathIsA400NotAClosedConnection() throws Exception {
        for (String path : List.of("/api/workorders/%", "/%u2e", "/api/kb/%zz")) {
            String r = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(r).as(path).startsWith("HTTP/1.1 400");
            assertThat(rawCode(r)).as(path).isEqualTo("bad-request");
            assertThat(r).as(path).contains("percent-encoding");
        }
    }

    @Test
    void aMalformedEscapeInTheQueryIsA400NotA500() throws Exception {
        String token = token();
        for (String query : List.of("date=%", "date=%zz", "%=1")) {
            String r = raw("GET /api/calls?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(r).as(query).startsWith("HTTP/1.1 400");
            assertThat(rawCode(r)).as(query).isEqualTo("bad-request");
            assertThat(r).as(query).doesNotContain("internal-error");
        }
    }

    @Test
    void aTooLongUrlIs414AndAHugeHeaderIs431NotBadHost() throws Exception {
        String longUrl = raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(longUrl).startsWith("HTTP/1.1 414");
        assertThat(rawCode(longUrl)).isEqualTo("uri-too-long");
        assertThat(longUrl).doesNotContain("bad-host");

        String bigHeader =
                raw("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        assertThat(bigHeader).startsWith("HTTP/1.1 431");
        assertThat(rawCode(bigHeader)).isEqualTo("headers-too-large");

        String garbage = raw("\u0001\u0002 garbage\r\n\r\n");
        assertThat(garbage).startsWith("HTTP/1.1 400");
        assertThat(rawCode(garbage)).isEqualTo("bad-request");
    }

    @Test
    void aJsonArrayOrScalarWhereAnObjectBelongsSaysWhatItGot() throws Exception {
        for (var c : List.of(
                List.of("[1,2]", "an array"),
                List.of("42", "a number"),
                List.of("\"x\"", "a string"),
                List.of("null", "null"))) {
            HttpResponse<String> r = send("POST", "/api/login", null, c.get(0));
            assertThat(r.statusCode()).as(c.get(0)).isEqualTo(400);
            assertThat(code(r)).as(c.get(0)).isEqualTo("malformed-json");
            assertThat(Json.MAPPER.readTree(r.body()).at("/error/message").asText())
                    .as(c.get(0))
                    .isEqualTo("expected a JSON object, got " + c.get(1))
                    .doesNotContain("Exception");
        }
    }
}
