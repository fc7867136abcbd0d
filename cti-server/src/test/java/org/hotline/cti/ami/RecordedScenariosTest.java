package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallSnapshot;
import org.junit.jupiter.api.Test;

/** Real AMI sessions recorded from the sandbox (see resources/ami/README.md) through translator and call model. */
class RecordedScenariosTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    private final AmiCallTranslator translator =
            new AmiCallTranslator(Set.of("from-enterprise"), Clock.fixed(NOW, ZoneOffset.UTC));

    static List<AmiMessage> messages(String file) {
        byte[] body = RecordedStream.bytes("/ami/" + file);
        byte[] greeting = "Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.US_ASCII);
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(greeting, body));
        ch.readInbound();
        List<AmiMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((AmiMessage) o);
        }
        return out;
    }

    private List<CallRecord> replay(String file) throws Exception {
        InMemoryCallStore store = new InMemoryCallStore();
        try (CallTracker tracker = new CallTracker(store, Clock.fixed(NOW, ZoneOffset.UTC))) {
            for (AmiMessage m : messages(file)) {
                CallEvent e = translator.translate(m);
                if (e != null) {
                    tracker.submit(e);
                }
            }
            tracker.barrier().join();
            assertThat(tracker.liveCalls())
                    .as("calls still live after %s", file)
                    .isEmpty();
        }
        return store.all();
    }

    @Test
    void answeredCallHasTheCallerTheAgentAndAsteriskTimes() throws Exception {
        List<CallRecord> calls = replay("answered.txt");
        assertThat(calls).hasSize(1);
        CallRecord c = calls.get(0);
        assertThat(c.caller()).isEqualTo("13800000001");
        assertThat(c.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(c.agent()).isEqualTo("8101");
        assertThat(c.queue()).isEqualTo("enterprise-desk");
        assertThat(c.arrivedAt()).isBefore(NOW); // from the events' own Timestamp, not our clock
        assertThat(c.answeredAt()).isAfterOrEqualTo(c.queuedAt());
        assertThat(c.endedAt()).isAfter(c.answeredAt());
        assertThat(c.timeline())
                .extracting("kind")
                .containsSubsequence("arrived", "queued", "offered", "answered", "ended");
    }

    @Test
    void callerWhoCancelsWhileQueuedIsAbandonedByTheCaller() throws Exception {
        CallRecord c = replay("abandoned.txt").get(0);
        assertThat(c.caller()).isEqualTo("13800000002");
        assertThat(c.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(c.missedReason()).isEqualTo("caller-hangup");
        assertThat(c.agent()).isNull();
    }

    @Test
    void queueTimeoutIsAbandonedByTimeoutNotByTheCaller() throws Exception {
        CallRecord c = replay("timeout.txt").get(0);
        assertThat(c.caller()).isEqualTo("13800000003");
        assertThat(c.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(c.missedReason()).isEqualTo("queue-timeout");
    }

    @Test
    void closedHoursCallIsAfterHours() throws Exception {
        CallRecord c = replay("after-hours.txt").get(0);
        assertThat(c.caller()).isEqualTo("13800000004");
        assertThat(c.outcome()).isEqualTo(CallOutcome.AFTER_HOURS);
        assertThat(c.queuedAt()).isNull();
    }

    @Test
    void resyncListsFindTheQueuedCallerAndTheBridgedCallerWithAgent() {
        List<AmiMessage> queued = messages("resync-queued.txt");
        List<CallSnapshot> q = translator.snapshot(queued, queued);
        assertThat(q).singleElement().satisfies(s -> {
            assertThat(s.caller()).isEqualTo("13800000006");
            assertThat(s.queued()).isTrue();
            assertThat(s.agent()).isNull();
        });
        List<AmiMessage> bridged = messages("resync-bridged.txt");
        assertThat(translator.snapshot(bridged, bridged)).singleElement().satisfies(s -> {
            assertThat(s.caller()).isEqualTo("13800000007");
            assertThat(s.agent()).isEqualTo("8101");
            assertThat(s.bridge()).isNotNull();
        });
    }
}
