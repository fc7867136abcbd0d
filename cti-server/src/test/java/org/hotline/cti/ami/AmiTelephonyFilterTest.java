package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: after login the session asks Asterisk for the events the CTI reads, before
 * the resync; a PBX that refuses the filters keeps the whole stream; one that takes only some
 * (events the CTI needs would be missing) gets a new connection without filters.
 */
class AmiTelephonyFilterTest {
    private FakeAmiServer server;
    private CallTracker tracker;
    private AmiTelephony telephony;

    @AfterEach
    void stop() throws Exception {
        telephony.close();
        tracker.close();
        server.close();
    }

    private void follow(int filtersTaken) throws Exception {
        server = new FakeAmiServer("right");
        server.filtersTaken = filtersTaken;
        tracker = new CallTracker(new InMemoryCallStore(), Clock.systemUTC());
        telephony = server.telephony(tracker);
        telephony.start();
    }

    private List<String> actionNames() {
        return server.actions.stream().map(a -> a.get("Action")).toList();
    }

    @Test
    void theSessionIsFilteredToTheEventsTheCtiReadsBeforeItsResync() throws Exception {
        follow(-1);
        await().atMost(Duration.ofSeconds(5)).until(() -> telephony.resyncs() == 1);
        List<String> names = actionNames();
        assertThat(server.actions.stream()
                        .filter(a -> "Filter".equals(a.get("Action")))
                        .map(a -> a.get("MatchCriteria")))
                .containsExactlyInAnyOrderElementsOf(AmiTelephony.EVENTS_READ.stream()
                        .map(n -> "action(include),name(" + n + ")")
                        .toList());
        assertThat(names.lastIndexOf("Filter")).isLessThan(names.indexOf("CoreShowChannels"));
        assertThat(AmiTelephony.EVENTS_READ)
                .contains("Newchannel", "Hangup", "AgentConnect", "UserEvent", "OriginateResponse", "ConfbridgeJoin");
    }

    @Test
    void aPbxThatRefusesTheFiltersKeepsSendingEverythingOnTheSameConnection() throws Exception {
        follow(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> telephony.resyncs() == 1);
        tracker.barrier().join();
        assertThat(server.logins.get()).isEqualTo(1);
        assertThat(telephony.connected()).isTrue();
    }

    @Test
    void aPbxThatTakesOnlySomeFiltersIsReconnectedWithoutThem() throws Exception {
        follow(3);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.logins.get() == 2 && telephony.connected() && telephony.resyncs() >= 1);
        List<Map<String, String>> secondSession =
                server.actions.subList(actionNames().lastIndexOf("Login"), server.actions.size());
        assertThat(secondSession).noneMatch(a -> "Filter".equals(a.get("Action")));
        assertThat(actionNames().stream().filter("Filter"::equals)).hasSize(AmiTelephony.EVENTS_READ.size());
    }
}
