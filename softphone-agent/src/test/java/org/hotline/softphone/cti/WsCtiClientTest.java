package org.hotline.softphone.cti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted fake server: no sockets, fault injection by hand. */
class WsCtiClientTest {

    private static final CtiLogin LOGIN =
            new CtiLogin(URI.create("http://127.0.0.1:8080"), "8001", "secret-pw", "8001");

    /** A fake connection: records what the client sent; the test plays the server. */
    static final class FakeServer implements Transport.Factory {
        final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
        final AtomicInteger refuse = new AtomicInteger();
        volatile boolean autoLogin = true;
        /** Issue 14: every WebSocket the client opened, in order; a server that is down, one that is the standby. */
        final List<URI> opened = new CopyOnWriteArrayList<>();

        volatile String down;
        volatile String standby;

        @Override
        public CompletableFuture<Transport> open(URI uri, Transport.Receiver receiver) {
            assertThat(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getPath())
                    .isIn("ws://127.0.0.1:8080/ws/agent", "ws://127.0.0.1:8090/ws/agent");
            opened.add(uri);
            if (uri.getRawAuthority().equals(down)) {
                return CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
            }
            if (uri.getRawAuthority().equals(standby)) {
                // What the JDK client reports when the standby answers the upgrade with 503 standby.
                return CompletableFuture.failedFuture(new java.io.IOException("Invalid response code: 503"));
            }
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
            }
            FakeConnection c = new FakeConnection(receiver, this);
            connections.add(c);
            return CompletableFuture.completedFuture(c);
        }

        FakeConnection last() {
            return connections.get(connections.size() - 1);
        }
    }

    static final class FakeConnection implements Transport {
        final Transport.Receiver receiver;
        final FakeServer server;
        final List<JsonNode> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        FakeConnection(Transport.Receiver receiver, FakeServer server) {
            this.receiver = receiver;
            this.server = server;
        }

        @Override
        public void send(String text) {
            JsonNode m = CtiJson.parse(text);
            sent.add(m);
            if (server.autoLogin && m.path("type").asText().equals("login")) {
                push("{\"type\":\"ok\",\"id\":\"" + m.path("id").asText()
                        + "\",\"agent\":\"8001\",\"role\":\"agent\",\"extension\":\"8001\",\"ready\":true}");
            }
        }

        void push(String json) {
            receiver.onText(json);
        }

        JsonNode lastSent(String type) {
            return sent.stream()
                    .filter(m -> m.path("type").asText().equals(type))
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }

        void drop() {
            receiver.onClosed("closed by server (1006)");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FakeServer server = new FakeServer();
    private final List<CtiEvent> events = new CopyOnWriteArrayList<>();
    private final WsCtiClient client = new WsCtiClient(
            server,
            new WsCtiClient.Options(
                    // 2 s: a loaded CI machine can take longer than 300 ms to answer a login (seen: "no reply within
                    // 300 ms").
                    Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(80)));

    WsCtiClientTest() {
        client.addListener(events::add);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void logsInWithExtensionAndReportsTheSession() throws Exception {
        AgentSession s = client.connect(LOGIN).get(2, TimeUnit.SECONDS);

        assertThat(s).isEqualTo(new AgentSession("8001", "agent", "8001", true));
        JsonNode login = server.last().lastSent("login");
        assertThat(login.path("agent").asText()).isEqualTo("8001");
        assertThat(login.path("extension").asText()).isEqualTo("8001");
        assertThat(login.path("id").asText()).isNotEmpty();
        assertThat(client.connected()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.contains(new CtiEvent.LoggedIn(s)));
        assertThat(LOGIN.toString()).doesNotContain("secret-pw").contains("<masked>");
    }

    @Test
    void badCredentialsFailTheConnectWithTheServersIdAndDoNotRetry() {
        server.autoLogin = false;
        CompletableFuture<AgentSession> f = client.connect(LOGIN);
        FakeConnection c = server.last();
        c.push("{\"type\":\"error\",\"id\":\"" + c.lastSent("login").path("id").asText()
                + "\",\"code\":\"bad-credentials\",\"message\":\"wrong user or password\"}");

        assertThatThrownBy(() -> f.get(2, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(CtiException.of(e).code()).isEqualTo("bad-credentials"));
        assertThat(c.closed).isTrue();
        assertThat(server.connections).hasSize(1);
    }

    @Test
    void repliesAreMatchedById_evenOutOfOrder() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        FakeConnection c = server.last();
        CompletableFuture<List<KbEntry>> kb = client.searchKb("留抵");
        CompletableFuture<TransferView> t = client.transfer("call-1", "vat-credit-refund");
        String kbId = c.lastSent("kb.search").path("id").asText();
        String tId = c.lastSent("transfer").path("id").asText();
        assertThat(kbId).isNotEqualTo(tId);
        assertThat(c.lastSent("transfer").path("callId").asText()).isEqualTo("call-1");

        c.push(
                "{\"type\":\"ok\",\"id\":\"" + tId + "\",\"transfer\":{\"id\":\"T1\",\"callId\":\"call-1\","
                        + "\"matter\":\"vat-credit-refund\",\"departmentName\":\"税务局\",\"state\":\"requested\",\"outcome\":null}}");
        c.push("{\"type\":\"ok\",\"id\":\"" + kbId + "\",\"results\":[{\"code\":\"vat-credit-refund\","
                + "\"name\":\"增值税留抵退税\",\"department\":\"tax\",\"departmentName\":\"税务局\","
                + "\"threeWay\":true,\"answer\":\"可通过电子税务局申请\"}]}");

        assertThat(t.get(1, TimeUnit.SECONDS).state()).isEqualTo("requested");
        assertThat(t.get().departmentName()).isEqualTo("税务局");
        KbEntry k = kb.get(1, TimeUnit.SECONDS).get(0);
        assertThat(k.threeWay()).isTrue();
        assertThat(k.label()).isEqualTo("增值税留抵退税（税务局）");
    }

    @Test
    void policyRefusalsCarryTheServersErrorIdAndMessage() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        FakeConnection c = server.last();
        CompletableFuture<TransferView> t = client.transfer("call-1", "company-registration-faq");
        c.push("{\"type\":\"error\",\"id\":\""
                + c.lastSent("transfer").path("id").asText()
                + "\",\"code\":\"not-three-way\",\"message\":\"请登录政务服务网办理\"}");

        assertThatThrownBy(() -> t.get(1, TimeUnit.SECONDS)).satisfies(e -> {
            assertThat(CtiException.of(e).code()).isEqualTo("not-three-way");
            assertThat(CtiException.of(e).getMessage()).isEqualTo("请登录政务服务网办理");
        });
    }

    @Test
    void aSupervisorsOverrideTravelsWithTheTransfer_andPlainTransfersCarryNone() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        FakeConnection c = server.last();
        client.transfer("call-1", "vat-credit-refund");
        assertThat(c.lastSent("transfer").has("override")).isFalse();

        client.transfer("call-1", "vat-credit-refund", new TransferOverride(" supervisor ", " 企业急需办理 "));
        assertThat(c.lastSent("transfer").path("override").path("supervisor").asText())
                .isEqualTo("supervisor");
        assertThat(c.lastSent("transfer").path("override").path("reason").asText())
                .isEqualTo("企业急需办理");
        assertThatThrownBy(() -> new TransferOverride("supervisor", "  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnansweredWrapUpTravelsWithTheQuestionAndItsDepartment() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        FakeConnection c = server.last();
        client.wrapupUnanswered("call-1", "vat-credit-refund", "tax", "留抵税额能否跨省结转？", null, "江城精密");
        JsonNode w = c.lastSent("wrapup");
        assertThat(w.path("resolution").asText()).isEqualTo("unanswered");
        assertThat(w.path("question").asText()).isEqualTo("留抵税额能否跨省结转？");
        assertThat(w.path("department").asText()).isEqualTo("tax");
        assertThat(w.path("matter").asText()).isEqualTo("vat-credit-refund");
        assertThat(w.path("callId").asText()).isEqualTo("call-1");
    }

    @Test
    void aRequestWithoutReplyTimesOut() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        CompletableFuture<Boolean> r = client.setReady(false);

        // Longer than the client's 2 s request timeout, so the client's own timeout is what fails it.
        assertThatThrownBy(() -> r.get(6, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(CtiException.of(e).code()).isEqualTo("cti-timeout"));
    }

    @Test
    void requestsBeforeLoginFailAtOnce() {
        assertThatThrownBy(() -> client.setReady(true).join())
                .satisfies(e -> assertThat(CtiException.of(e).code()).isEqualTo("not-logged-in"));
    }

    @Test
    void pushesBecomeTypedEventsInOrder() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        FakeConnection c = server.last();
        c.push("{\"type\":\"call.offered\",\"callId\":\"c1\",\"caller\":\"13800000001\",\"enterprise\":null,"
                + "\"recentCalls\":[{\"id\":\"c0\",\"arrivedAt\":\"2025-01-02T03:04:05Z\",\"outcome\":\"abandoned\",\"agent\":null}],"
                + "\"queuedAt\":\"2025-01-02T03:05:00Z\"}");
        c.push("{\"type\":\"something.new\",\"x\":1}");
        c.push(
                "{\"type\":\"transfer.progress\",\"transfer\":{\"id\":\"T1\",\"state\":\"ringing\",\"target\":\"sip:2001@127.0.0.3:5071\"}}");
        c.push(
                "{\"type\":\"transfer.result\",\"transfer\":{\"id\":\"T1\",\"state\":\"connected\",\"outcome\":\"connected\"}}");
        c.push("{\"type\":\"call.ended\",\"callId\":\"c1\",\"caller\":\"13800000001\",\"outcome\":\"answered\"}");

        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() >= 6);
        List<CtiEvent> pushes = events.subList(2, events.size());
        CtiEvent.CallOffered o = (CtiEvent.CallOffered) pushes.get(0);
        assertThat(o.caller()).isEqualTo("13800000001");
        assertThat(o.enterprise()).isNull();
        assertThat(o.recentCalls()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("abandoned");
            assertThat(r.arrivedAt()).hasToString("2025-01-02T03:04:05Z");
        });
        assertThat(((CtiEvent.TransferProgress) pushes.get(1)).transfer().target())
                .isEqualTo("sip:2001@127.0.0.3:5071");
        assertThat(((CtiEvent.TransferResult) pushes.get(2)).transfer().connected())
                .isTrue();
        assertThat(pushes.get(3)).isInstanceOf(CtiEvent.CallEnded.class);
    }

    @Test
    void aDroppedConnectionFailsPendingRequestsThenReconnectsWithBackOffAndLogsInAgain() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        CompletableFuture<List<KbEntry>> pending = client.searchKb("x");
        server.refuse.set(2); // the server is away for two attempts

        server.last().drop();

        assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(CtiException.of(e).code()).isEqualTo("cti-disconnected"));
        await().atMost(Duration.ofSeconds(3)).until(() -> server.connections.size() == 2 && client.connected());
        assertThat(server.connections.get(1).lastSent("login").path("agent").asText())
                .isEqualTo("8001");
        assertThat(events).contains(new CtiEvent.ConnectionChanged(false, "closed by server (1006)"));
        await().atMost(Duration.ofSeconds(2))
                .until(() -> events.stream()
                                .filter(e -> e instanceof CtiEvent.LoggedIn)
                                .count()
                        == 2);
        assertThat(server.refuse.get()).isZero();
    }

    @Test
    void closeStopsReconnecting() throws Exception {
        client.connect(LOGIN).get(2, TimeUnit.SECONDS);
        FakeConnection c = server.last();
        client.close();

        assertThat(c.closed).isTrue();
        c.drop();
        assertThat(client.connected()).isFalse();
        assertThat(server.connections).hasSize(1);
    }

    // Issue 14 item 5: an active/standby pair of servers, --cti http://a,http://b.
    private static final CtiLogin PAIR =
            CtiLogin.of("http://127.0.0.1:8080/, http://127.0.0.1:8090", "8001", "secret-pw", "8001");

    private String lastServer() {
        return server.opened.get(server.opened.size() - 1).getRawAuthority();
    }

    @Test
    void aCommaSeparatedListNamesEveryServerInOrder() {
        assertThat(PAIR.servers())
                .extracting(URI::toString)
                .containsExactly("http://127.0.0.1:8080", "http://127.0.0.1:8090");
        assertThat(PAIR.server()).hasToString("http://127.0.0.1:8080");
        assertThat(LOGIN.servers()).containsExactly(LOGIN.server());
        assertThat(PAIR.toString()).doesNotContain("secret-pw");
        assertThatThrownBy(() -> CtiLogin.of("http://a:8080,ftp://b", "8001", "pw", "8001"))
                .hasMessageContaining("ftp://b");
    }

    @Test
    void theFirstConnectSkipsAServerThatAnswersAsTheStandby() throws Exception {
        server.standby = "127.0.0.1:8080";
        AgentSession s = client.connect(PAIR).get(2, TimeUnit.SECONDS);

        assertThat(s.agent()).isEqualTo("8001");
        assertThat(server.opened).extracting(URI::getRawAuthority).containsExactly("127.0.0.1:8080", "127.0.0.1:8090");
        assertThat(client.connected()).isTrue();
    }

    @Test
    void badCredentialsAreNotRetriedOnTheOtherServer() {
        server.autoLogin = false;
        CompletableFuture<AgentSession> f = client.connect(PAIR);
        FakeConnection c = server.last();
        c.push("{\"type\":\"error\",\"id\":\"" + c.lastSent("login").path("id").asText()
                + "\",\"code\":\"bad-credentials\",\"message\":\"no\"}");
        assertThatThrownBy(() -> f.get(2, TimeUnit.SECONDS)).hasMessageContaining("no");
        assertThat(server.opened).hasSize(1);
    }

    @Test
    void whenTheActiveServerDiesTheClientLogsInOnTheOtherOneOnceItTakesOver() throws Exception {
        client.connect(PAIR).get(2, TimeUnit.SECONDS);
        assertThat(lastServer()).isEqualTo("127.0.0.1:8080");

        // The active server dies; the other one still answers as the standby for a while.
        server.down = "127.0.0.1:8080";
        server.standby = "127.0.0.1:8090";
        server.last().drop();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.opened.size() >= 4);
        assertThat(client.connected()).isFalse();
        assertThat(server.opened.subList(1, 4))
                .extracting(URI::getRawAuthority)
                .containsExactly("127.0.0.1:8090", "127.0.0.1:8080", "127.0.0.1:8090");

        server.standby = null; // it took over
        await().atMost(Duration.ofSeconds(2)).until(client::connected);
        assertThat(lastServer()).isEqualTo("127.0.0.1:8090");
        assertThat(server.last().lastSent("login").path("agent").asText()).isEqualTo("8001");
        assertThat(events.stream().filter(e -> e instanceof CtiEvent.LoggedIn)).hasSize(2);
    }
}
