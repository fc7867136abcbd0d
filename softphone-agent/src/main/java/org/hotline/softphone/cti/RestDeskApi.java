package org.hotline.softphone.cti;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link DeskApi} over the server's HTTP API with the JDK client and a bearer token. */
public final class RestDeskApi implements DeskApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;

    public RestDeskApi(URI base) {
        this.base = base;
    }

    @Override
    public String login(String user, String password) {
        JsonNode r = call("POST", "/api/login", Map.of("user", user, "password", password), false);
        token = r.path("token").asText(null);
        return r.path("role").asText(null);
    }

    @Override
    public List<Department> departments() {
        List<Department> out = new ArrayList<>();
        call("GET", "/api/departments", null, true).path("departments").forEach(d -> out.add(CtiJson.department(d)));
        return List.copyOf(out);
    }

    @Override
    public List<CallbackItem> callbacks() {
        List<CallbackItem> out = new ArrayList<>();
        call("GET", "/api/callbacks", null, true).path("callbacks").forEach(c -> out.add(CtiJson.callback(c)));
        out.sort(Comparator.comparing(CallbackItem::dueAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(out);
    }

    @Override
    public CallbackItem dial(long callbackId, String extension) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (extension != null) {
            body.put("extension", extension);
        }
        return CtiJson.callback(call("POST", "/api/callbacks/" + callbackId + "/dial", body, true));
    }

    @Override
    public CallbackItem recordResult(long callbackId, String result, String note) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        body.put("note", note == null || note.isBlank() ? null : note);
        return CtiJson.callback(call("POST", "/api/callbacks/" + callbackId + "/result", body, true));
    }

    @Override
    public RotationView rotation() {
        return CtiJson.rotation(call("GET", "/api/rotation/current", null, true).path("session"));
    }

    @Override
    public RotationView rotationSignIn(String specialist) {
        return CtiJson.rotation(call("POST", "/api/rotation/current/sign-in", Map.of("specialist", specialist), true)
                .path("session"));
    }

    private JsonNode call(String method, String path, Map<String, Object> body, boolean auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(CtiJson.write(body), StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        if (auth) {
            if (token == null) {
                throw new CtiException("not-logged-in", "log in first");
            }
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CtiException("cti-unreachable", method + " " + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtiException("interrupted", method + " " + path + " interrupted");
        }
        JsonNode json = r.body().isBlank() ? CtiJson.MAPPER.createObjectNode() : CtiJson.parse(r.body());
        if (r.statusCode() >= 400) {
            JsonNode err = json.path("error");
            throw new CtiException(
                    err.path("code").asText("http-error"), err.path("message").asText("HTTP " + r.statusCode()));
        }
        return json;
    }
}
