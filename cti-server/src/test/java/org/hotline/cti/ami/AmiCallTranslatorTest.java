package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallSnapshot;
import org.junit.jupiter.api.Test;

class AmiCallTranslatorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
    private final AmiCallTranslator translator =
            new AmiCallTranslator(Set.of("from-enterprise"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void recordedStreamYieldsOneCallPerInboundChannelEndedExactlyWhenItsHangupWasSeen() throws Exception {
        byte[] bytes = RecordedStream.bytes(RecordedStream.CAPTURE);
        Set<String> arrived = new HashSet<>();
        Set<String> hungUp = new HashSet<>();
        for (Map<String, String> e : RecordedStream.naiveEvents(bytes)) {
            if ("Newchannel".equals(e.get("Event"))
                    && "from-enterprise".equals(e.get("Context"))
                    && e.get("Uniqueid").equals(e.get("Linkedid"))) {
                arrived.add(e.get("Uniqueid"));
            }
            if ("Hangup".equals(e.get("Event"))) {
                hungUp.add(e.get("Uniqueid"));
            }
        }
        Set<String> expectedEnded = new HashSet<>(arrived);
        expectedEnded.retainAll(hungUp);

        InMemoryCallStore store = new InMemoryCallStore();
        try (CallTracker tracker = new CallTracker(store, Clock.fixed(NOW, ZoneOffset.UTC))) {
            EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            ch.readInbound(); // greeting
            for (Object o; (o = ch.readInbound()) != null; ) {
                CallEvent e = translator.translate((AmiMessage) o);
                if (e != null) {
                    tracker.submit(e);
                }
            }
            tracker.barrier().join();
            assertThat(store.all()).extracting(CallRecord::id).containsExactlyInAnyOrderElementsOf(arrived);
            assertThat(store.all().stream().filter(c -> c.endedAt() != null).map(CallRecord::id))
                    .containsExactlyInAnyOrderElementsOf(expectedEnded);
            assertThat(store.all()).allSatisfy(c -> assertThat(c.caller()).isEqualTo("sipp"));
            assertThat(tracker.liveCalls()).hasSize(arrived.size() - expectedEnded.size());
        }
    }

    @Test
    void queueEventsBecomeQueuedOfferedAnsweredAbandoned() {
        assertThat(translator.translate(AmiMessage.of(
                        "Event", "QueueCallerJoin", "Uniqueid", "1.1", "Queue", "enterprise-desk", "Position", "2")))
                .isEqualTo(new CallEvent.Queued("1.1", NOW, "enterprise-desk", 2));
        assertThat(translator.translate(AmiMessage.of(
                        "Event", "AgentCalled", "Uniqueid", "1.1", "Interface", "PJSIP/8101", "MemberName", "8101")))
                .isEqualTo(new CallEvent.Offered("1.1", NOW, "8101"));
        assertThat(translator.translate(AmiMessage.of(
                        "Event",
                        "AgentConnect",
                        "Uniqueid",
                        "1.1",
                        "Interface",
                        "PJSIP/8102",
                        "MemberName",
                        "PJSIP/8102")))
                .isEqualTo(new CallEvent.Answered("1.1", NOW, "8102"));
        assertThat(translator.translate(AmiMessage.of(
                        "Event", "QueueCallerAbandon", "Uniqueid", "1.1", "Position", "1", "HoldTime", "7")))
                .isEqualTo(new CallEvent.Abandoned("1.1", NOW, 1, 7));
        assertThat(translator.translate(AmiMessage.of(
                        "Event", "UserEvent", "UserEvent", "HotlineQueueExit", "Uniqueid", "1.1", "Status", "TIMEOUT")))
                .isEqualTo(new CallEvent.QueueExited("1.1", NOW, "TIMEOUT"));
        assertThat(translator.translate(
                        AmiMessage.of("Event", "UserEvent", "UserEvent", "HotlineAfterHours", "Uniqueid", "1.1")))
                .isEqualTo(new CallEvent.AfterHours("1.1", NOW));
        assertThat(translator.translate(AmiMessage.of(
                        "Event",
                        "Hangup",
                        "Uniqueid",
                        "1.1",
                        "Cause",
                        "16",
                        "Cause-txt",
                        "Normal Clearing",
                        "Timestamp",
                        "1795834691.500000")))
                .isEqualTo(new CallEvent.Ended(
                        "1.1", Instant.ofEpochSecond(1795834691, 500_000_000), 16, "Normal Clearing"));
        assertThat(translator.translate(AmiMessage.of("Event", "VarSet", "Uniqueid", "1.1")))
                .isNull();
        assertThat(translator.translate(AmiMessage.of(
                        "Event", "Newchannel", "Uniqueid", "1.2", "Linkedid", "1.1", "Context", "from-enterprise")))
                .isNull();
    }

    @Test
    void snapshotFindsQueuedAndBridgedCallersAndTheirAgents() {
        List<AmiMessage> channels = List.of(
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/enterprise-00000001",
                        "Uniqueid",
                        "1.1",
                        "Linkedid",
                        "1.1",
                        "Context",
                        "from-enterprise",
                        "Exten",
                        "12345",
                        "CallerIDNum",
                        "13800000001",
                        "Application",
                        "Queue",
                        "BridgeId",
                        "b-1",
                        "Duration",
                        "00:01:05"),
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/8101-00000002",
                        "Uniqueid",
                        "1.2",
                        "Linkedid",
                        "1.1",
                        "Context",
                        "agents",
                        "Exten",
                        "8101",
                        "Application",
                        "AppQueue",
                        "BridgeId",
                        "b-1",
                        "Duration",
                        "00:01:00"),
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/enterprise-00000003",
                        "Uniqueid",
                        "1.3",
                        "Linkedid",
                        "1.3",
                        "Context",
                        "from-enterprise",
                        "Exten",
                        "12345",
                        "CallerIDNum",
                        "13800000002",
                        "Application",
                        "Queue",
                        "BridgeId",
                        "",
                        "Duration",
                        "00:00:10"));
        List<AmiMessage> queue = List.of(
                AmiMessage.of("Event", "QueueEntry", "Queue", "enterprise-desk", "Uniqueid", "1.3", "Position", "1"));
        assertThat(translator.snapshot(channels, queue))
                .containsExactly(
                        new CallSnapshot("1.1", "13800000001", "12345", NOW.minusSeconds(65), true, "8101", "b-1"),
                        new CallSnapshot("1.3", "13800000002", "12345", NOW.minusSeconds(10), true, null, null));
    }

    /**
     * Issue 11 (R1): a call in a transfer's three-way room is the same live call. Its caller's
     * channel is now in the room's context and shares a bridge with the agent and the specialist
     * (whose originated leg may carry the caller's linkedid after bridging, or its own).
     */
    @Test
    void snapshotKeepsACallWhoseLegsSitInAThreeWayRoomWithItsAgentNotTheSpecialist() {
        List<AmiMessage> channels = List.of(
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/enterprise-00000001",
                        "Uniqueid",
                        "1.1",
                        "Linkedid",
                        "1.1",
                        "Context",
                        "hotline-conference",
                        "Exten",
                        "70001",
                        "CallerIDNum",
                        "13800000001",
                        "Application",
                        "ConfBridge",
                        "BridgeId",
                        "conf-1",
                        "Duration",
                        "00:02:00"),
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/specialists-00000004",
                        "Uniqueid",
                        "xfer-1-1",
                        "Linkedid",
                        "xfer-1-1",
                        "Context",
                        "hotline-conference-specialist",
                        "Exten",
                        "70001",
                        "Application",
                        "ConfBridge",
                        "BridgeId",
                        "conf-1",
                        "Duration",
                        "00:00:30"),
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/8101-00000002",
                        "Uniqueid",
                        "1.2",
                        "Linkedid",
                        "1.1",
                        "Context",
                        "hotline-conference-agent",
                        "Exten",
                        "70001",
                        "Application",
                        "ConfBridge",
                        "BridgeId",
                        "conf-1",
                        "Duration",
                        "00:01:50"));
        assertThat(translator.snapshot(channels, List.of()))
                .containsExactly(
                        new CallSnapshot("1.1", "13800000001", "", NOW.minusSeconds(120), true, "8101", "conf-1"));

        // A specialist leg whose linkedid is its own is never taken for a caller of its own.
        assertThat(translator.snapshot(channels.subList(1, 2), List.of())).isEmpty();
    }

    @Test
    void aRoomWithOnlyCallerAndSpecialistHasNoAgent() {
        List<AmiMessage> channels = List.of(
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/enterprise-00000001",
                        "Uniqueid",
                        "1.1",
                        "Linkedid",
                        "1.1",
                        "Context",
                        "hotline-conference",
                        "Exten",
                        "70001",
                        "CallerIDNum",
                        "13800000001",
                        "Application",
                        "ConfBridge",
                        "BridgeId",
                        "conf-1",
                        "Duration",
                        "00:02:00"),
                AmiMessage.of(
                        "Event",
                        "CoreShowChannel",
                        "Channel",
                        "PJSIP/specialists-00000004",
                        "Uniqueid",
                        "xfer-1-1",
                        "Linkedid",
                        "1.1",
                        "Context",
                        "hotline-conference-specialist",
                        "Exten",
                        "70001",
                        "Application",
                        "ConfBridge",
                        "BridgeId",
                        "conf-1",
                        "Duration",
                        "00:00:30"));
        assertThat(translator.snapshot(channels, List.of()))
                .singleElement()
                .satisfies(s -> assertThat(s.agent()).isNull());
    }

    @Test
    void aLegWeRangIsInTheRoomOnlyWhenItRunsConfBridgeForThatRoom() {
        AmiMessage inRoom = AmiMessage.of(
                "Event",
                "CoreShowChannel",
                "Uniqueid",
                "xfer-7-2",
                "Context",
                "hotline-conference-specialist",
                "Exten",
                "70007",
                "Application",
                "ConfBridge");
        AmiMessage ringing = AmiMessage.of(
                "Event",
                "CoreShowChannel",
                "Uniqueid",
                "xfer-7-1",
                "Context",
                "default",
                "Exten",
                "s",
                "Application",
                "AppDial2");
        AmiMessage other = AmiMessage.of(
                "Event",
                "CoreShowChannel",
                "Uniqueid",
                "xfer-77-1",
                "Context",
                "hotline-conference-specialist",
                "Exten",
                "70077",
                "Application",
                "ConfBridge");
        assertThat(AmiTelephony.presence(List.of(ringing, inRoom, other), "xfer-7-", "70007"))
                .isEqualTo(new org.hotline.cti.app.port.Telephony.LegPresence(
                        org.hotline.cti.app.port.Telephony.LegPresence.Where.IN_ROOM, "xfer-7-2"));
        assertThat(AmiTelephony.presence(List.of(ringing, other), "xfer-7-", "70007"))
                .isEqualTo(new org.hotline.cti.app.port.Telephony.LegPresence(
                        org.hotline.cti.app.port.Telephony.LegPresence.Where.ALIVE, "xfer-7-1"));
        assertThat(AmiTelephony.presence(List.of(other), "xfer-7-", "70007"))
                .isEqualTo(org.hotline.cti.app.port.Telephony.LegPresence.NONE);
    }

    @Test
    void aSoftHangupForShutdownMeansThePbxIsStoppingAnyOtherMeansNothing() {
        assertThat(translator.translate(AmiMessage.of("Event", "SoftHangupRequest", "Uniqueid", "1.1", "Cause", "4")))
                .isEqualTo(new CallEvent.PbxStopping("1.1", NOW));
        // 32 is an explicit hang-up (the AMI Hangup action): the call's own Hangup event tells the rest.
        assertThat(translator.translate(AmiMessage.of("Event", "SoftHangupRequest", "Uniqueid", "1.1", "Cause", "32")))
                .isNull();
    }
}
