package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AmiClientTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private FakeAmiServer server;
    private AmiClient client;

    private final AmiListener listener = new AmiListener() {
        @Override
        public void onConnected(AmiClient c, long generation, String version) {
            seen.add("connected#" + generation + " " + version);
        }

        @Override
        public void onEvent(AmiMessage event) {
            seen.add("event " + event.event());
        }

        @Override
        public void onDisconnected(String reason) {
            seen.add("disconnected");
        }
    };

    private AmiSettings settings(String secret, Duration keepAlive) {
        return new AmiSettings(
                "127.0.0.1",
                server.port(),
                "cti",
                secret,
                AmiSettings.DEFAULT_EVENTS,
                keepAlive,
                Duration.ofMillis(50),
                Duration.ofMillis(400),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void logsInReadsTheVersionDeliversEventsAndCollectsListActions() throws Exception {
        server = new FakeAmiServer("right");
        client = new AmiClient(settings("right", Duration.ofSeconds(10)), listener);
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
        assertThat(seen).containsExactly("connected#1 22.10.1");
        assertThat(server.actions.get(0)).containsEntry("Events", AmiSettings.DEFAULT_EVENTS);

        server.emit("Event: Hangup\r\nUniqueid: 1.1\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("event Hangup"));

        AmiResponse r = client.send("CoreShowChannels").get();
        assertThat(r.success()).isTrue();
        assertThat(r.events()).extracting(AmiMessage::event).containsExactly("CoreShowChannel");
        assertThat(r.events().get(0).get("CallerIDNum")).isEqualTo("13800000001");
        // Issue 14 item 4: the work per call is counted (Login, CoreSettings, CoreShowChannels).
        assertThat(client.actionsSent()).isEqualTo(3);
        assertThat(client.reads()).isPositive();
    }

    @Test
    void reconnectsWithANewGenerationAfterTheLinkDrops() throws Exception {
        server = new FakeAmiServer("right");
        client = new AmiClient(settings("right", Duration.ofSeconds(10)), listener);
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
        server.dropClients();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("connected#2 22.10.1"));
        assertThat(seen).containsExactly("connected#1 22.10.1", "disconnected", "connected#2 22.10.1");
        assertThat(server.logins.get()).isEqualTo(2);
    }

    @Test
    void wrongSecretIsReportedWithoutTheSecretAndRetried() throws Exception {
        server = new FakeAmiServer("right");
        client = new AmiClient(settings("wrong-secret-value", Duration.ofSeconds(10)), listener);
        client.start();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.actions.stream()
                                .filter(a -> "Login".equals(a.get("Action")))
                                .count()
                        >= 2);
        assertThat(client.isConnected()).isFalse();
        assertThat(client.lastError())
                .contains("AMI login as 'cti' refused: Authentication failed")
                .doesNotContain("wrong-secret-value");
        assertThat(seen).isEmpty();
    }

    @Test
    void aSilentPbxIsDetectedByKeepAliveAndTheClientReconnects() throws Exception {
        server = new FakeAmiServer("right");
        client = new AmiClient(settings("right", Duration.ofMillis(500)), listener);
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.actions.stream().anyMatch(a -> "Ping".equals(a.get("Action"))));
        server.mute = true; // the PBX hangs: no answers, no events
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("disconnected"));
        server.mute = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(s -> s.startsWith("connected#2")));
    }

    @Test
    void actionsFailFastWhenDisconnected() {
        server = null;
        try {
            server = new FakeAmiServer("x");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        client = new AmiClient(settings("x", Duration.ofSeconds(10)), listener);
        assertThat(client.send("Ping")).isCompletedExceptionally();
    }
}
