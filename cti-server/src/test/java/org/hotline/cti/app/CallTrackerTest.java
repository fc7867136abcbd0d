package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final InMemoryCallStore store = new InMemoryCallStore();
    private final CallTracker tracker = new CallTracker(store, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));

    @AfterEach
    void close() throws InterruptedException {
        tracker.close();
    }

    private void feed(CallEvent... events) {
        for (CallEvent e : events) {
            tracker.submit(e);
        }
        tracker.barrier().join();
    }

    private CallRecord stored(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void answeredCallIsStoredWithTheAgentAndItsTimeline() {
        feed(
                new CallEvent.Arrived("c1", T0, "13800000001", "12345"),
                new CallEvent.Queued("c1", T0.plusSeconds(1), "enterprise-desk", 1),
                new CallEvent.Offered("c1", T0.plusSeconds(1), "8101"),
                new CallEvent.Answered("c1", T0.plusSeconds(3), "8101"),
                new CallEvent.Ended("c1", T0.plusSeconds(60), 16, "Normal Clearing"));
        CallRecord c = stored("c1");
        assertThat(c.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(c.agent()).isEqualTo("8101");
        assertThat(c.timeline())
                .extracting("kind")
                .containsExactly("arrived", "queued", "offered", "answered", "ended");
        assertThat(tracker.liveCalls()).isEmpty();
    }

    @Test
    void callerWhoHangsUpInTheQueueIsAbandonedAndTimeoutIsToo() {
        feed(
                new CallEvent.Arrived("c1", T0, "13800000002", "12345"),
                new CallEvent.Queued("c1", T0, "enterprise-desk", 1),
                new CallEvent.Abandoned("c1", T0.plusSeconds(9), 1, 9),
                new CallEvent.Ended("c1", T0.plusSeconds(9), 16, ""),
                new CallEvent.Arrived("c2", T0, "13800000003", "12345"),
                new CallEvent.Queued("c2", T0, "enterprise-desk", 1),
                new CallEvent.QueueExited("c2", T0.plusSeconds(60), "TIMEOUT"),
                new CallEvent.Ended("c2", T0.plusSeconds(62), 16, ""));
        assertThat(stored("c1").outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(stored("c1").missedReason()).isEqualTo("caller-hangup");
        assertThat(stored("c2").outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(stored("c2").missedReason()).isEqualTo("queue-timeout");
    }

    @Test
    void afterHoursCallIsMissedAsAfterHours() {
        feed(
                new CallEvent.Arrived("c1", T0, "13800000004", "12345"),
                new CallEvent.AfterHours("c1", T0),
                new CallEvent.Ended("c1", T0.plusSeconds(5), 16, ""));
        assertThat(stored("c1").outcome()).isEqualTo(CallOutcome.AFTER_HOURS);
        assertThat(stored("c1").outcome().missed()).isTrue();
    }

    @Test
    void eventsOfUnknownChannelsAreIgnored() {
        feed(new CallEvent.Answered("agent-leg", T0, "8101"), new CallEvent.Ended("agent-leg", T0, 16, ""));
        assertThat(store.all()).isEmpty();
    }

    @Test
    void resyncAdoptsCallsMissedWhileDisconnectedAndClosesCallsThatEndedUnseen() {
        tracker.connected(1);
        feed(
                new CallEvent.Arrived("gone", T0, "13800000005", "12345"),
                new CallEvent.Queued("gone", T0, "enterprise-desk", 1),
                new CallEvent.Arrived("still", T0, "13800000006", "12345"),
                new CallEvent.Queued("still", T0, "enterprise-desk", 1));
        // connection drops; while blind, "gone" hangs up, "still" is answered, "new" arrives
        tracker.connected(2);
        tracker.reconcile(
                        2,
                        List.of(
                                new CallSnapshot("still", "13800000006", "12345", T0, true, "8102", "b1"),
                                new CallSnapshot("new", "13800000007", "12345", T0.plusSeconds(30), true, null, null)))
                .join();

        assertThat(stored("gone").outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(stored("gone").missedReason()).isEqualTo("lost");
        assertThat(stored("still").agent()).isEqualTo("8102");
        assertThat(stored("still").endedAt()).isNull();
        assertThat(stored("new").caller()).isEqualTo("13800000007");
        assertThat(tracker.liveCalls()).extracting(CallRecord::id).containsExactly("still", "new");

        // a second resync with the same picture changes nothing and stores no step twice
        tracker.connected(3);
        tracker.reconcile(
                        3,
                        List.of(
                                new CallSnapshot("still", "13800000006", "12345", T0, true, "8102", "b1"),
                                new CallSnapshot("new", "13800000007", "12345", T0.plusSeconds(30), true, null, null)))
                .join();
        assertThat(store.all()).hasSize(3);
        assertThat(stored("still").timeline()).extracting("kind").containsExactly("arrived", "queued", "answered");
    }

    @Test
    void callThatArrivesDuringTheResyncIsNotClosedAndAnEndedOneIsNotRevived() {
        tracker.connected(1);
        feed(
                new CallEvent.Arrived("fresh", T0, "13800000008", "12345"),
                new CallEvent.Arrived("short", T0, "13800000009", "12345"),
                new CallEvent.Ended("short", T0.plusSeconds(1), 16, ""));
        // the snapshot was taken before "fresh" arrived, and while "short" was still up
        tracker.reconcile(1, List.of(new CallSnapshot("short", "13800000009", "12345", T0, false, null, null)))
                .join();
        assertThat(tracker.liveCalls()).extracting(CallRecord::id).containsExactly("fresh");
        assertThat(stored("short").state().wireName()).isEqualTo("ended");
    }

    @Test
    void aFailingStoreDoesNotStopTheLiveModel() {
        store.failing = true;
        feed(new CallEvent.Arrived("c1", T0, "13800000010", "12345"));
        assertThat(tracker.liveCalls()).extracting(CallRecord::id).containsExactly("c1");
    }

    @Test
    void liveListIsOldestFirstEvenForACallAdoptedLateAndLiveCallFindsOneById() {
        tracker.connected(1);
        feed(
                new CallEvent.Arrived("b", T0.plusSeconds(20), "13800000011", "12345"),
                new CallEvent.Arrived("c", T0.plusSeconds(40), "13800000012", "12345"),
                new CallEvent.Queued("b", T0.plusSeconds(21), "enterprise-desk", 1));
        // a resync finds a call that has been up since before both
        tracker.reconcile(
                        1,
                        List.of(
                                new CallSnapshot("a", "13800000013", "12345", T0, true, null, null),
                                new CallSnapshot("b", "13800000011", "12345", T0.plusSeconds(20), true, null, null),
                                new CallSnapshot("c", "13800000012", "12345", T0.plusSeconds(40), false, null, null)))
                .join();

        assertThat(tracker.liveCalls()).extracting(CallRecord::id).containsExactly("a", "b", "c");
        assertThat(tracker.liveCall("b"))
                .get()
                .extracting(CallRecord::state)
                .extracting(s -> s.wireName())
                .isEqualTo("queued");
        assertThat(tracker.liveCount()).isEqualTo(3);

        feed(new CallEvent.Ended("b", T0.plusSeconds(60), 16, ""));
        assertThat(tracker.liveCalls()).extracting(CallRecord::id).containsExactly("a", "c");
        assertThat(tracker.liveCall("b")).isEmpty();
    }

    @Test
    void callsLeftOpenByTheLastRunAreListedOldestFirstAndFoundByIdAfterARestart() {
        feed(
                new CallEvent.Arrived("later", T0.plusSeconds(50), "13800000021", "12345"),
                new CallEvent.Arrived("earlier", T0.plusSeconds(10), "13800000022", "12345"),
                new CallEvent.Queued("earlier", T0.plusSeconds(11), "enterprise-desk", 1));
        CallTracker restarted = new CallTracker(store, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
        try {
            assertThat(restarted.restoreOpenCalls().join()).isEqualTo(2);
            assertThat(restarted.liveCalls()).extracting(CallRecord::id).containsExactly("earlier", "later");
            assertThat(restarted.liveCall("earlier"))
                    .get()
                    .extracting(CallRecord::queuedAt)
                    .isEqualTo(T0.plusSeconds(11));
        } finally {
            restarted.close();
        }
    }

    @Test
    void onAGivenSingleThreadExecutorTheModelRunsThereInArrivalOrderAndCloseDrainsItWithoutStoppingIt()
            throws Exception {
        // Issue 14 item 4: the server runs the model on the AMI event loop; any one-at-a-time
        // executor keeps the same order and "after everything submitted so far".
        java.util.concurrent.ExecutorService loop =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "ami-test"));
        try {
            CallTracker onLoop = new CallTracker(store, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC), "pbx1", loop);
            List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            onLoop.addListener(
                    (call, step) -> threads.add(Thread.currentThread().getName() + " " + step.kind()));
            onLoop.connected(7);
            onLoop.submitAll(
                    "pbx1",
                    List.of(
                            new CallEvent.Arrived("c1", T0, "13800000001", "12345"),
                            new CallEvent.Queued("c1", T0.plusSeconds(1), "enterprise-desk", 1)));
            onLoop.submit(new CallEvent.Answered("c1", T0.plusSeconds(3), "8101"));
            onLoop.close(); // applies what was submitted; the executor is its owner's to stop

            assertThat(threads).containsExactly("ami-test arrived", "ami-test queued", "ami-test answered");
            assertThat(stored("c1").agent()).isEqualTo("8101");
            assertThat(loop.isShutdown()).isFalse();
            // A resync on connection 7 keeps the call (seen on 7): the generation was set before the events.
            onLoop.reconcile(7, List.of()).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(onLoop.liveCall("c1")).isPresent();
        } finally {
            loop.shutdownNow();
        }
    }
}
