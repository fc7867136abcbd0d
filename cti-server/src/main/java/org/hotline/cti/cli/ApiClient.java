package org.hotline.cti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.Secrets;
import org.hotline.cti.http.Json;

/**
 * The admin commands talk to the running server's API rather than to the PBX and database
 * themselves: the server owns the AMI link and the (H2: single-process) database, so a CLI load is
 * audited and serialised exactly like an API one.
 */
final class ApiClient {
    static final String PASSWORD_ENV = "CTI_PASSWORD";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    ApiClient(String base, String user, String passwordEnv) {
        checkServer(base);
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String password = System.getenv(passwordEnv);
        if (password == null || password.isEmpty()) {
            Console c = System.console();
            if (c == null) {
                throw new CtiException(
                        ErrorId.NO_PASSWORD,
                        "set " + passwordEnv + " to " + user + "'s password (no terminal to ask on)");
            }
            password = new String(c.readPassword("password for %s at %s: ", user, Secrets.maskUrl(this.base)));
        }
        JsonNode login = send("POST", "/api/login", Json.text(Map.of("user", user, "password", password)), null);
        this.token = login.get("token").asText();
    }

    /**
     * {@code --server ftp://x} ended in a stack trace (the HTTP client's IllegalArgumentException),
     * and a query in it was posted to as if it were the login path: checked before anything is sent.
     */
    private static void checkServer(String base) {
        URI u;
        try {
            u = new URI(base);
        } catch (java.net.URISyntaxException e) {
            // Its message quotes the whole URL, password and all.
            throw new CtiException(ErrorId.SERVER_UNREACHABLE, "--server is not a URL: " + Secrets.maskUrl(base));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw new CtiException(
                    ErrorId.BAD_OPTION,
                    "--server must be an http:// or https:// URL with a host, such as http://127.0.0.1:8080; was "
                            + Secrets.maskUrl(base));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new CtiException(
                    ErrorId.BAD_OPTION,
                    "--server is the server's address without ?query or #fragment; was " + Secrets.maskUrl(base));
        }
    }

    JsonNode get(String path) {
        return send("GET", path, null, token);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, Json.text(body), token);
    }

    /** Returns the body for 2xx, and also for errors whose body has more than the error (a load's report). */
    private JsonNode send(String method, String path, String body, String bearer) {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            // Its message quotes the whole URL, password and all.
            throw new CtiException(ErrorId.SERVER_UNREACHABLE, "--server is not a URL: " + Secrets.maskUrl(base));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(2))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CtiException(
                    ErrorId.SERVER_UNREACHABLE,
                    "cannot reach the CTI server at " + Secrets.maskUrl(base) + " (is it running? --server): "
                            + Secrets.maskUrl(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtiException(ErrorId.INTERRUPTED, "interrupted");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new CtiException(
                    ErrorId.BAD_RESPONSE, method + " " + path + " answered " + r.statusCode() + " with no JSON");
        }
        if (r.statusCode() >= 300 && n.size() <= 1 && n.has("error")) {
            // A code this client does not know (a newer server) is still shown, in the message.
            String code = n.path("error").path("code").asText("");
            String message = n.path("error").path("message").asText();
            throw new CtiException(
                    ErrorId.fromWire(code).orElse(ErrorId.BAD_RESPONSE),
                    ErrorId.fromWire(code).isPresent() ? message : code + ": " + message);
        }
        return n;
    }
}
