package org.hotline.softphone.cti;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link Transport} on the JDK's WebSocket client: no extra dependency for the desktop. */
final class JdkWebSocketTransport implements Transport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final WebSocket ws;
    private final Object sendLock = new Object();
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private JdkWebSocketTransport(WebSocket ws) {
        this.ws = ws;
    }

    static CompletableFuture<Transport> open(URI uri, Receiver receiver) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        return http.newWebSocketBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, new Listener(receiver))
                .thenApply(JdkWebSocketTransport::new);
    }

    @Override
    public void send(String text) {
        // The JDK allows one outstanding sendText: chain them so concurrent requests queue up.
        synchronized (sendLock) {
            lastSend = lastSend.handle((x, e) -> null).thenCompose(x -> ws.sendText(text, true));
        }
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                .orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((x, e) -> ws.abort());
    }

    private static final class Listener implements WebSocket.Listener {
        private final Receiver receiver;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicBoolean closed = new AtomicBoolean();

        Listener(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receiver.onText(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed("closed by server (" + status + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed("connection failed: " + error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : " " + error.getMessage()));
        }

        private void closed(String reason) {
            if (closed.compareAndSet(false, true)) {
                receiver.onClosed(reason);
            }
        }
    }
}
