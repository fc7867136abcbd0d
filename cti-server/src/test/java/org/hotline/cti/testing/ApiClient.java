package org.hotline.cti.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.http.Json;

/**
 * A small HTTP client of one cti-server, as a test's user: it logs in as the supervisor (password
 * {@link CtiHarness#PASSWORD}) on its first request unless told to act as someone else. Used by
 * {@link CtiHarness} for an in-process server and by tests that run {@code serve} in JVMs of their own.
 */
public final class ApiClient {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;
    private String token;

    public ApiClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** From now on, requests are made as {@code user}. */
    public void as(String user) {
        token = send("POST", "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + CtiHarness.PASSWORD + "\"}")
                .get("token")
                .asText();
    }

    /** Forgets the token, so the next request logs in again. */
    public void relogin() {
        token = null;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, String body) {
        return send("POST", path, body);
    }

    /** The response's JSON body, whatever its status (tests of refusals read the error from it). */
    public JsonNode send(String method, String path, String body) {
        try {
            if (token == null && !path.equals("/api/login")) {
                as("supervisor");
            }
            return Json.MAPPER.readTree(
                    request(method, path, body, Duration.ofSeconds(10)).body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** As {@link #send}, failing the test unless the server answered 2xx. */
    public JsonNode expectOk(String method, String path, String body) {
        HttpResponse<String> r = raw(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " answered no JSON: " + r.body(), e);
        }
    }

    /** Status code and body, for checks of error statuses. */
    public HttpResponse<String> raw(String method, String path, String body) {
        try {
            if (token == null) {
                as("supervisor");
            }
            return request(method, path, body, Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** The public health check's {@code status}, or {@code unreachable} while nothing answers. */
    public String health() {
        try {
            return Json.MAPPER
                    .readTree(HTTP.send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/health"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("status")
                    .asText();
        } catch (Exception e) {
            return "unreachable";
        }
    }

    /** Today's calls from {@code caller} (as /api/calls lists them). */
    public List<JsonNode> callsFrom(String caller) {
        List<JsonNode> out = new ArrayList<>();
        expectOk("GET", "/api/calls", null).get("calls").forEach(c -> {
            if (caller.equals(c.get("caller").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    /** The id of the live call from {@code caller} once it is in {@code state} (queued, talking…). */
    public String awaitLive(String caller, String state, Duration within) {
        String[] id = new String[1];
        org.awaitility.Awaitility.await().atMost(within).until(() -> {
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

    private HttpResponse<String> request(String method, String path, String body, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
