package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.ExtensionRanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 6: two Asterisk nodes behind one call model. Both fake nodes have a live call with
 * the same uniqueid 9.1, as two real PBXs started in the same second can: the calls stay apart,
 * each command goes to its own node, and one node's drop, absence and return touch only its calls.
 */
class AmiNodesTest {
    private final InMemoryCallStore store = new InMemoryCallStore();
    private FakeAmiServer pbx1;
    private FakeAmiServer pbx2;
    private CallTracker tracker;
    private AmiNodes nodes;

    @BeforeEach
    void start() throws Exception {
        pbx1 = new FakeAmiServer("s1");
        pbx2 = new FakeAmiServer("s2");
        tracker = new CallTracker(store, Clock.systemUTC(), "pbx1");
        var registry = new SimpleMeterRegistry();
        nodes = new AmiNodes(
                List.of(
                        new AmiNodes.Node(node("pbx1", "", pbx1, "s1", registry), ExtensionRanges.NONE),
                        new AmiNodes.Node(
                                node("pbx2", "pbx2:", pbx2, "s2", registry),
                                ExtensionRanges.parse(List.of("8105", "8201-8209")))),
                "enterprise-desk",
                registry);
        nodes.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> tracker.liveCalls().size() == 2);
    }

    private AmiTelephony node(String name, String prefix, FakeAmiServer server, String secret, SimpleMeterRegistry r) {
        return new AmiTelephony(
                name,
                new AmiSettings(
                        "127.0.0.1",
                        server.port(),
                        "cti",
                        secret,
                        AmiSettings.DEFAULT_EVENTS,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(50),
                        Duration.ofMillis(300),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1)),
                new AmiCallTranslator(Set.of("from-enterprise"), Clock.systemUTC(), prefix),
                tracker,
                r,
                Set.of("from-enterprise"),
                "enterprise-desk");
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        tracker.close();
        pbx1.close();
        pbx2.close();
    }

    private CallRecord live(String id) {
        return tracker.liveCall(id).orElseThrow(() -> new AssertionError("no live call " + id));
    }

    @Test
    void theSameUniqueidOnTwoNodesIsTwoCallsEachWithItsNode() {
        assertThat(tracker.liveCalls())
                .extracting(CallRecord::id, CallRecord::node)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("9.1", "pbx1"),
                        org.assertj.core.groups.Tuple.tuple("pbx2:9.1", "pbx2"));
    }

    @Test
    void eachCommandGoesToTheNodeOfItsCallOrAgent() {
        nodes.agentReady("8105", true).join(); // listed under pbx2
        nodes.agentReady("8001", true).join(); // listed nowhere: the first node
        assertThat(queueAdds(pbx2)).containsExactly("PJSIP/8105");
        assertThat(queueAdds(pbx1)).containsExactly("PJSIP/8001");

        // A transfer's specialist is rung on the call's node (where its room is)...
        nodes.ring(leg("t1-0", "PJSIP/specialists/sip:2001@127.0.0.3:5071").onNode("pbx2"))
                .join();
        // ...a supervisor's phone on the node of its extension.
        nodes.ring(leg("cb1-1", "PJSIP/8203")).join();
        assertThat(originates(pbx2)).containsExactly("t1-0", "cb1-1");
        assertThat(originates(pbx1)).isEmpty();
        // Hanging a leg up goes where it rings.
        nodes.hangUp("t1-0").join();
        assertThat(pbx2.actions).anyMatch(a -> "Hangup".equals(a.get("Action")) && "t1-0".equals(a.get("Channel")));
        assertThat(pbx1.actions).noneMatch(a -> "Hangup".equals(a.get("Action")));

        // The desk mode lives in each node's AstDB.
        nodes.setDeskOpen(true).join();
        assertThat(pbx1.actions).anyMatch(a -> "DBPut".equals(a.get("Action")));
        assertThat(pbx2.actions).anyMatch(a -> "DBPut".equals(a.get("Action")));
    }

    @Test
    void oneNodeDownMarksOnlyItsCallsUnknownAndItsReturnResyncsThem() throws Exception {
        pbx2.mute = true; // logins go unanswered: node 2 stays down
        pbx2.dropClients();
        await().atMost(Duration.ofSeconds(5)).until(() -> live("pbx2:9.1").unknown());
        assertThat(live("9.1").unknown()).as("node 1's call").isFalse();
        assertThat(nodes.connected("pbx1")).isTrue();
        assertThat(nodes.connected("pbx2")).isFalse();
        assertThat(nodes.allConnected()).isFalse();

        // Node 1 keeps working meanwhile: its own resync leaves node 2's calls alone.
        long before = nodes.first().resyncs();
        pbx1.dropClients();
        await().atMost(Duration.ofSeconds(5)).until(() -> nodes.first().resyncs() > before);
        tracker.barrier().join();
        assertThat(live("pbx2:9.1").unknown()).isTrue();
        assertThat(live("9.1").unknown()).isFalse();

        // Node 2 returns without the call: only its call ends, as ended unseen.
        pbx2.callUp = false;
        pbx2.mute = false;
        pbx2.dropClients();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tracker.liveCall("pbx2:9.1").isEmpty());
        assertThat(store.find("pbx2:9.1").orElseThrow().endedUnseen()).isTrue();
        assertThat(store.find("pbx2:9.1").orElseThrow().node()).isEqualTo("pbx2");
        assertThat(live("9.1").unknown()).isFalse();
        assertThat(nodes.allConnected()).isTrue();
    }

    @Test
    void aNodeThatReturnsWithItsCallMakesItKnownAgain() throws Exception {
        pbx2.mute = true;
        pbx2.dropClients();
        await().atMost(Duration.ofSeconds(5)).until(() -> live("pbx2:9.1").unknown());
        pbx2.mute = false;
        pbx2.dropClients();
        await().atMost(Duration.ofSeconds(10)).until(() -> !live("pbx2:9.1").unknown());
        assertThat(live("pbx2:9.1").endedAt()).isNull();
    }

    private static Telephony.Leg leg(String id, String target) {
        return new Telephony.Leg(
                id, target, Duration.ofSeconds(5), "hotline-conference-specialist", "70001", "12345", "1380", Map.of());
    }

    private static List<String> queueAdds(FakeAmiServer s) {
        return s.actions.stream()
                .filter(a -> "QueueAdd".equals(a.get("Action")))
                .map(a -> a.get("Interface"))
                .toList();
    }

    private static List<String> originates(FakeAmiServer s) {
        return s.actions.stream()
                .filter(a -> "Originate".equals(a.get("Action")))
                .map(a -> a.get("ChannelId"))
                .toList();
    }
}
