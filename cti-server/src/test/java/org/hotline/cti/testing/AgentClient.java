package org.hotline.cti.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.hotline.cti.http.Json;

/** A test client of the agent protocol: sends frames, keeps every frame received. */
public final class AgentClient implements WebSocket.Listener, AutoCloseable {
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;
    public volatile Integer closeCode;
    private int nextId;

    public AgentClient(String base) {
        this.ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http://", "ws://") + "/ws/agent"), this)
                .join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(Json.MAPPER.readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError("server sent non-JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
    }

    public volatile Throwable error;

    @Override
    public void onError(WebSocket webSocket, Throwable e) {
        error = e;
    }

    /** Sends a raw text frame. */
    public void sendRaw(String text) {
        ws.sendText(text, true).join();
    }

    /** Sends a request (adding an id) and returns the reply with that id. */
    public JsonNode request(String json) {
        String id = "r" + (++nextId);
        sendRaw("{\"id\":\"" + id + "\"," + json.substring(1));
        return await(m -> id.equals(m.path("id").asText()), Duration.ofSeconds(10));
    }

    public JsonNode await(Predicate<JsonNode> match, Duration within) {
        JsonNode[] hit = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(within).until(() -> {
            for (JsonNode m : received) {
                if (match.test(m)) {
                    hit[0] = m;
                    return true;
                }
            }
            return false;
        });
        return hit[0];
    }

    public JsonNode awaitType(String type, Duration within) {
        return await(m -> type.equals(m.path("type").asText()), within);
    }

    public List<JsonNode> received() {
        return new ArrayList<>(received);
    }

    /** Forgets what was received so far (the next await sees only newer messages). */
    public void forget() {
        received.clear();
    }

    @Override
    public void close() {
        ws.abort();
    }
}
