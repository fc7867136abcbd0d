package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.transfer.ThreeWayBudget;

/**
 * The HTTP API tests' one setup: the project's rule files, users who all have the password
 * {@value #PASSWORD}, a real {@link HttpServer} on an ephemeral port with {@code POST /api/login},
 * and a client that logs in once per user and sends JSON (or any bytes) with its bearer token.
 */
final class TestApi implements AutoCloseable {
    static final String PASSWORD = "pw";

    /** What the server answered: the status and the JSON body ({@code error.code} on a refusal). */
    record Reply(int status, JsonNode body) {
        String error() {
            return body.at("/error/code").asText();
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new HashMap<>();
    private final HttpServer server;
    private final String base;

    /** Serves {@code router} (with {@code POST /api/login} added) on 127.0.0.1 and a free port. */
    TestApi(Router router, AuthService auth) {
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

    /** The project's config/ rule files (departments, calendar, roster) in Shanghai time. */
    static HotlineRules projectRules(boolean alwaysOpen) {
        return new HotlineRules(
                new RuleFileSet(
                        Path.of("../config/departments.yaml"),
                        Path.of("../config/calendar"),
                        Path.of("../config/roster.yaml"),
                        alwaysOpen,
                        ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
    }

    /**
     * Users by name: {@code supervisor} and {@code admin} have those roles, four digits make an
     * agent with that extension, any other name is a department user of the department so named.
     */
    static AuthService users(Clock clock, String... names) {
        String hash = PasswordHash.hash(PASSWORD);
        return new AuthService(
                Arrays.stream(names)
                        .map(n -> switch (n) {
                            case "supervisor" -> new User(n, Role.SUPERVISOR, null, hash);
                            case "admin" -> new User(n, Role.ADMIN, null, hash);
                            default ->
                                n.matches("\\d{4}")
                                        ? new User(n, Role.AGENT, n, hash)
                                        : new User(n, Role.DEPARTMENT, null, hash, n);
                        })
                        .toList(),
                clock);
    }

    String base() {
        return base;
    }

    /** A JSON request (or none when {@code body} is null) as {@code user}. */
    Reply send(String user, String method, String path, String body) throws Exception {
        return send(
                user,
                method,
                path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "application/json; charset=utf-8");
    }

    /** Any bytes (an uploaded CSV file, say) with its content type, as {@code user}. */
    Reply send(String user, String method, String path, byte[] body, String contentType) throws Exception {
        HttpResponse<String> r = raw(user, method, path, body, contentType);
        return new Reply(
                r.statusCode(), r.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body()));
    }

    /** The raw answer, for a test that reads a header or a non-JSON body. */
    HttpResponse<String> raw(String user, String method, String path, byte[] body, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            b.header("Authorization", "Bearer " + login(user));
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String login(String user) throws Exception {
        String known = tokens.get(user);
        if (known != null) {
            return known;
        }
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = Json.MAPPER.readTree(r.body()).get("token").asText();
        tokens.put(user, token);
        return token;
    }

    @Override
    public void close() {
        server.close();
    }
}
