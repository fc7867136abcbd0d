package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.Telephony;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 items 8 and 10 at the socket level: slow and silent clients are cut off, connections
 * are capped, a slow route cannot stall the rest (503 when full), DNS-rebinding hosts and foreign
 * origins are refused, health and metrics say little to strangers, TLS works with PEM files and
 * plain HTTP beyond loopback is refused.
 */
class EdgeTest {
    private static final String PW = "edge-pw";
    private static final String HASH = PasswordHash.hash(PW);
    private static final String METRICS_TOKEN = "prometheus-token-0123456789";
    private final Clock clock = Clock.systemUTC();
    private final InMemoryCallStore store = new InMemoryCallStore();
    private final CallTracker tracker = new CallTracker(store, clock);
    private final AuthService auth = new AuthService(
            List.of(new User("supervisor", Role.SUPERVISOR, null, HASH), new User("8001", Role.AGENT, "8001", HASH)),
            clock);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private int port;

    private HttpSettings fast() {
        return HttpSettings.DEFAULTS
                .withTimeouts(Duration.ofMillis(800), Duration.ofMillis(800), Duration.ofMillis(800))
                .withLimits(100, 20, 4, 4, 1, 1);
    }

    private void start(HttpSettings settings, String host) {
        Router router = new Router();
        new CoreApi(
                        auth,
                        store,
                        tracker,
                        new CoreApi.PbxStatus() {
                            public boolean connected() {
                                return true;
                            }

                            public String asteriskVersion() {
                                return "22.10.1";
                            }

                            public String lastError() {
                                return "";
                            }
                        },
                        () -> true,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        ZoneId.of("Asia/Shanghai"),
                        clock,
                        List::of)
                .metricsToken(METRICS_TOKEN)
                .register(router);
        router.get("/api/agents", Role.SUPERVISOR, req -> {
            try {
                slowRelease.await(10, TimeUnit.SECONDS); // a PBX that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return org.hotline.cti.http.HttpResponse.json(java.util.Map.of("agents", List.of()));
        });
        Telephony pbx = (Telephony) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Telephony.class},
                (p, m, a) ->
                        m.getReturnType() == CompletableFuture.class ? CompletableFuture.completedFuture(null) : null);
        LiveEvents events = new LiveEvents();
        AgentSocket agents = new AgentSocket(
                auth,
                null,
                null,
                null,
                pbx,
                new org.hotline.cti.app.AgentPresence(pbx, () -> CompletableFuture.completedFuture(List.of()), events),
                events,
                id -> java.util.Optional.empty());
        server = new HttpServer(router, auth, agents, null, settings);
        port = server.start(host, 0).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        slowRelease.countDown();
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        tracker.close();
        auth.close();
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    /** Sends raw bytes and reads until the server closes; the text received. */
    private String exchange(String request) throws IOException {
        Socket s = socket();
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        return readToClose(s.getInputStream());
    }

    private static String readToClose(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String token(String user) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"" + user + "\",\"password\":\"" + PW + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSilentConnectionIsClosedAfterTheRequestTimeout() throws Exception {
        start(fast(), "127.0.0.1");
        Socket s = socket();
        long t0 = System.nanoTime();
        String got = readToClose(s.getInputStream());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(got).isEmpty(); // closed without a word: it never asked anything
    }

    @Test
    void aSlowlorisRequestIsCutOffEvenWhileItKeepsSendingBytes() throws Exception {
        start(fast(), "127.0.0.1");
        Socket s = socket();
        StringBuilder answer = new StringBuilder();
        s.getOutputStream()
                .write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        boolean closed = false;
        for (int i = 0; i < 40 && !closed; i++) {
            try {
                s.getOutputStream().write(("X-Drip-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.setSoTimeout(200);
                answer.append(
                        new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)); // the 408, then EOF
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                // the server is still waiting: drip again
            } catch (IOException reset) {
                closed = true;
            }
        }
        assertThat(closed).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("request-timeout");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        start(fast(), "127.0.0.1");
        Socket s = socket();
        s.getOutputStream()
                .write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String got = readToClose(s.getInputStream()); // the answer, then the close after the idle timeout
        assertThat(got).startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
    }

    @Test
    void anAgentSocketThatNeverLogsInIsClosedWith1008() throws Exception {
        start(fast(), "127.0.0.1");
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/agent"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }
                })
                .join();
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void aWebSocketThatAnswersPingsStaysAndOneThatDoesNotIsClosed() throws Exception {
        // Login deadline far away, idle short: only the ping decides.
        start(fast().withTimeouts(Duration.ofMillis(800), Duration.ofMillis(500), Duration.ofSeconds(30)), "127.0.0.1");
        CompletableFuture<Integer> jdkClosed = new CompletableFuture<>();
        WebSocket jdk = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/agent"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        jdkClosed.complete(code);
                        return null;
                    }
                })
                .join(); // the JDK client answers pings by itself, as browsers do
        Socket mute = socket(); // upgrades, then never reads nor answers
        mute.getOutputStream()
                .write(("GET /ws/agent HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        readToClose(mute.getInputStream()); // the 101, a ping, then the close
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(4));
        assertThat(jdkClosed).isNotDone();
        jdk.abort();
    }

    @Test
    void connectionsFromOneAddressAreCapped() throws Exception {
        start(
                fast().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))
                        .withLimits(100, 6, 4, 4, 1, 1),
                "127.0.0.1");
        for (int i = 0; i < 6; i++) {
            // One request each, so every one is counted before the next connects (accepts run in parallel).
            Socket s = socket();
            s.getOutputStream()
                    .write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            assertThat(s.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
        }
        Socket extra = socket();
        assertThat(extra.getInputStream().read()).isEqualTo(-1); // closed before a byte
        sockets.remove(0).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Socket s = socket();
            s.getOutputStream()
                    .write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            return readToClose(s.getInputStream()).startsWith("HTTP/1.1 200");
        });
    }

    @Test
    void slowRoutesHaveTheirOwnPoolSoOthersStayResponsiveAndAFullPoolIs503() throws Exception {
        start(fast().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)), "127.0.0.1");
        String token = token("supervisor");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest agents = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/agents"))
                .header("Authorization", "Bearer " + token)
                .build();
        var first = http.sendAsync(agents, HttpResponse.BodyHandlers.ofString()); // runs, stuck on the PBX
        var second = http.sendAsync(agents, HttpResponse.BodyHandlers.ofString()); // queued
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            HttpResponse<String> third = http.send(agents, HttpResponse.BodyHandlers.ofString());
            return third.statusCode() == 503
                    && third.body().contains("server-busy")
                    && third.headers().firstValue("Retry-After").isPresent();
        });
        long t0 = System.nanoTime();
        assertThat(get("/api/calls", token).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        slowRelease.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aForeignHostNameIsRefusedSoDnsRebindingReachesNothing() throws Exception {
        start(fast(), "127.0.0.1");
        String rebinding =
                exchange("GET /api/health HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
        assertThat(rebinding).startsWith("HTTP/1.1 421").contains("bad-host");
        String missing = exchange("GET /api/health HTTP/1.0\r\n\r\n");
        assertThat(missing).contains("bad-host");
        assertThat(exchange("GET /api/health HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void aForeignOriginMayNotOpenTheAgentSocketNorPost() throws Exception {
        start(fast(), "127.0.0.1");
        String upgrade = "GET /ws/agent HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: ORIGIN\r\n\r\n";
        Socket s = socket();
        s.getOutputStream()
                .write(upgrade.replace("ORIGIN", "http://evil.example").getBytes(StandardCharsets.US_ASCII));
        assertThat(readToClose(s.getInputStream())).startsWith("HTTP/1.1 403").contains("bad-origin");
        Socket same = socket();
        same.getOutputStream()
                .write(upgrade.replace("ORIGIN", "http://127.0.0.1:" + port).getBytes(StandardCharsets.US_ASCII));
        byte[] head = new byte[12];
        assertThat(same.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");

        String post = "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        assertThat(exchange(post)).startsWith("HTTP/1.1 403").contains("bad-origin");
    }

    @Test
    void publicHealthSaysOnlyTheStatusAndMetricsNeedAToken() throws Exception {
        start(fast(), "127.0.0.1");
        JsonNode open = Json.MAPPER.readTree(get("/api/health", null).body());
        assertThat(open.fieldNames()).toIterable().containsExactly("status");
        JsonNode detailed =
                Json.MAPPER.readTree(get("/api/health", token("8001")).body());
        assertThat(detailed.get("asteriskVersion").asText()).isEqualTo("22.10.1");

        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", token("8001")).statusCode()).isEqualTo(401); // agents do not read the desk's figures
        HttpResponse<String> scrape = get("/metrics", METRICS_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(get("/metrics", token("supervisor")).statusCode()).isEqualTo(200);
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> start(fast(), "0.0.0.0"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.id()).isEqualTo("http-insecure-bind"));
    }

    @Test
    void tlsServesTheApiAndTheAgentSocketFromPemFiles(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        start(fast().withTls(cert, key), "127.0.0.1");

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry(
                    "cti", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> health = https.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = https.newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + port + "/ws/agent"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                })
                .join();
        ws.sendText("{\"type\":\"ping\",\"id\":\"1\"}", true).join();
        assertThat(reply.get(5, TimeUnit.SECONDS)).contains("\"type\":\"ok\"");
        // Plain HTTP on the TLS port gets nowhere.
        assertThat(exchange("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                .doesNotContain("\"status\"");
    }
}
