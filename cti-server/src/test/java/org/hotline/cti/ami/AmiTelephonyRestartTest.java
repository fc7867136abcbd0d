package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.domain.call.CallRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a call the PBX no longer has after a reconnect ended "while we could not see it";
 * when Asterisk itself started again meanwhile (it crashed: no SoftHangupRequest reached us), the
 * PBX going away ended it, and a waiting caller's miss says pbx-restart.
 */
class AmiTelephonyRestartTest {
    private FakeAmiServer server;
    private CallTracker tracker;
    private AmiTelephony telephony;
    /** As the server wires it: one loop reads the PBX and runs the model (issue 14 item 4). */
    private final AmiEventLoop loop = new AmiEventLoop();

    private final InMemoryCallStore store = new InMemoryCallStore();

    @AfterEach
    void stop() throws Exception {
        telephony.close();
        tracker.close();
        loop.close();
        server.close();
    }

    /** Follows the fake PBX until its one queued call (9.1) is adopted. */
    private void follow() throws Exception {
        server = new FakeAmiServer("right");
        tracker = new CallTracker(store, Clock.systemUTC(), CallTracker.FIRST_NODE, loop.executor());
        telephony = server.telephony(tracker, loop);
        telephony.start();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> telephony.resyncs() == 1 && tracker.liveCalls().size() == 1);
    }

    private CallRecord afterReconnect() throws Exception {
        server.callUp = false;
        server.dropClients();
        await().atMost(Duration.ofSeconds(5)).until(() -> telephony.resyncs() == 2);
        tracker.barrier().join();
        return store.find("9.1").orElseThrow();
    }

    @Test
    void aCallGoneAfterALinkDropIsLost() throws Exception {
        follow();
        CallRecord c = afterReconnect();
        assertThat(c.endedAt()).isNotNull();
        assertThat(c.missedReason()).isEqualTo("lost");
    }

    @Test
    void aCallGoneBecauseAsteriskRestartedIsMissedWithReasonPbxRestart() throws Exception {
        follow();
        server.startupTime = "10:05:00";
        CallRecord c = afterReconnect();
        assertThat(c.endedAt()).isNotNull();
        assertThat(c.missedReason()).isEqualTo("pbx-restart");
    }
}
