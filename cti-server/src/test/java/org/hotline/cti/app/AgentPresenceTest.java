package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.QueueMembers;
import org.hotline.cti.app.port.Telephony;
import org.junit.jupiter.api.Test;

/** Issue 11: agents' queue membership follows their desktop sessions, across PBX restarts too. */
class AgentPresenceTest {

    /** The queue as a PBX keeps it, with refusals to inject. */
    static final class FakeQueue implements Telephony, QueueMembers {
        final Map<String, Boolean> paused = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, String> reason = new java.util.concurrent.ConcurrentHashMap<>();
        final Set<String> staticMembers = new HashSet<>();
        final List<String> actions = new CopyOnWriteArrayList<>();
        boolean refuseAdd;
        int refusals;

        @Override
        public CompletableFuture<Void> agentReady(String extension, boolean ready) {
            actions.add((ready ? "ready " : "pause ") + extension);
            if (refuseAdd || refusals-- > 0) {
                return CompletableFuture.failedFuture(
                        new CtiException(ErrorId.QUEUE_ADD_FAILED, "Unable to add interface: Out of memory"));
            }
            paused.put(extension, !ready);
            reason.put(extension, ready ? "ready" : "not-ready");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> agentDisconnected(String extension) {
            actions.add("disconnected " + extension);
            paused.put(extension, true);
            reason.put(extension, "disconnected");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> agentGone(String extension) {
            actions.add("remove " + extension);
            if (staticMembers.contains(extension)) {
                return CompletableFuture.failedFuture(
                        new CtiException(ErrorId.QUEUE_REMOVE_FAILED, "Member not dynamic"));
            }
            paused.remove(extension);
            return CompletableFuture.completedFuture(null);
        }

        /** Asterisk restarted with persistentmembers = no: dynamic members gone, static ones unpaused. */
        void restart() {
            paused.keySet().removeIf(e -> !staticMembers.contains(e));
            staticMembers.forEach(e -> paused.put(e, false));
        }

        @Override
        public CompletableFuture<List<Agent>> list() {
            List<Agent> out = new ArrayList<>();
            paused.forEach((ext, p) ->
                    out.add(new Agent(ext, "idle", p, reason.get(ext), 0, null, !staticMembers.contains(ext))));
            return CompletableFuture.completedFuture(out);
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public CompletableFuture<Void> ring(Leg leg) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> hangUp(String legId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addLegListener(LegListener listener) {}

        @Override
        public CompletableFuture<Void> joinConference(String callId, String room) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> hangUpAgent(String callId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> setDeskOpen(boolean open) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<LegPresence> legPresence(String legPrefix, String room) {
            throw new UnsupportedOperationException();
        }
    }

    private final FakeQueue pbx = new FakeQueue();
    private final LiveEvents events = new LiveEvents();
    private final List<LiveEvents.Event> pushed = new CopyOnWriteArrayList<>();
    private final AgentPresence presence = new AgentPresence(pbx, pbx, events, 0);

    {
        events.subscribe(pushed::add);
    }

    @Test
    void afterAPbxRestartEveryLoggedInAgentIsBackInTheQueueWithItsPauseAndIsTold() {
        assertThat(presence.login("8001").join().ok()).isTrue();
        presence.login("8002").join();
        presence.ready("8002", false).join();
        pbx.restart();
        assertThat(pbx.paused).isEmpty();

        presence.reconnected().join();
        assertThat(pbx.paused).containsEntry("8001", false).containsEntry("8002", true);
        assertThat(pushed)
                .extracting(LiveEvents.Event::type, LiveEvents.Event::toExtension)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("agent.queue", "8001"),
                        org.assertj.core.groups.Tuple.tuple("agent.queue", "8002"));
    }

    @Test
    void aRefusedQueueAddIsNotReadyAndTheAgentLearnsWhy() {
        pbx.refuseAdd = true;
        AgentPresence.QueueState s = presence.login("8001").join();
        assertThat(s.ok()).isFalse();
        assertThat(s.ready()).isFalse();
        assertThat(s.errorCode().id()).isEqualTo("queue-add-failed");

        presence.reconnected().join();
        assertThat(pushed)
                .hasSize(AgentPresence.REAPPLY_ATTEMPTS)
                .allSatisfy(e -> assertThat(e.data().toString()).contains("queue-add-failed"));
    }

    @Test
    void aPbxThatRefusesRightAfterItsRestartIsAskedAgainUntilItTakesTheAgent() {
        presence.login("8001").join();
        pbx.restart();
        pbx.refusals = 2; // its queues are not loaded yet
        presence.reconnected().join();
        assertThat(pbx.paused).containsEntry("8001", false);
        assertThat(pushed)
                .extracting(e -> e.data().toString().contains("error"))
                .containsExactly(true, true, false);
    }

    @Test
    void aClosedSessionLeavesTheQueueAndAMemberWithoutSessionIsRemovedAtTheNextResync() {
        presence.login("8001").join();
        presence.login("8001").join(); // a second window of the same agent
        presence.sessionClosed("8001").join();
        assertThat(pbx.paused).containsKey("8001"); // still one session open
        presence.sessionClosed("8001").join();
        assertThat(pbx.paused).doesNotContainKey("8001");

        // A desktop that went away while the CTI was down left a member nobody owns: removed at resync.
        pbx.agentReady("8003", true).join();
        presence.reconnected().join();
        assertThat(pbx.paused).doesNotContainKey("8003");
        assertThat(presence.withSession()).isEmpty();
    }

    @Test
    void aStaticMemberWhoseDesktopWentAwayIsPausedAsDisconnectedNotLeftTakingCalls() {
        pbx.staticMembers.add("8101");
        pbx.paused.put("8101", false);
        presence.login("8101").join();
        presence.sessionClosed("8101").join();
        assertThat(pbx.paused).containsEntry("8101", true);
        assertThat(pbx.reason).containsEntry("8101", AgentPresence.DISCONNECTED);
        presence.reconnected().join();
        assertThat(pbx.paused).containsEntry("8101", true); // static members are not removed
    }
}
