package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hotline.cti.domain.call.CallEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 4: the AMI session asks Asterisk for {@link AmiTelephony#EVENTS_READ} only. On
 * every real recording, the stream cut down to those events must give the call model exactly
 * the same call events, and the adapter the same caller and agent channels, as the whole stream.
 */
class AmiEventFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");

    // (The resync-* recordings are action replies, which Asterisk does not filter.)
    @ParameterizedTest
    @ValueSource(
            strings = {
                "answered.txt",
                "abandoned.txt",
                "after-hours.txt",
                "conference.txt",
                "timeout.txt",
                "ami-capture-asterisk22.txt.gz"
            })
    void theFilteredStreamTellsTheAdapterWhatTheWholeStreamDoes(String file) {
        List<AmiMessage> all = messages(file);
        List<AmiMessage> filtered = all.stream()
                .filter(m -> AmiTelephony.EVENTS_READ.contains(m.event()))
                .toList();
        assertThat(filtered.size())
                .as("the recording has events the CTI does not read")
                .isLessThan(all.size());

        assertThat(translate(filtered)).isEqualTo(translate(all)).isNotEmpty();

        AmiChannels whole = channels(all);
        AmiChannels cut = channels(filtered);
        Set<String> uids = new LinkedHashSet<>();
        all.forEach(m -> uids.add(m.get("Uniqueid", "")));
        for (String uid : uids) {
            assertThat(cut.caller(uid)).as("caller channel of %s", uid).isEqualTo(whole.caller(uid));
            assertThat(cut.agent(uid)).as("agent channel of %s", uid).isEqualTo(whole.agent(uid));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conference.txt", "ami-capture-asterisk22.txt.gz"})
    void aTransferLegIsFollowedTheSameOnTheFilteredStream(String file) {
        List<AmiMessage> all = messages(file);
        List<AmiMessage> filtered = all.stream()
                .filter(m -> AmiTelephony.EVENTS_READ.contains(m.event()))
                .toList();
        // Every channel that rings is followed as a leg would be: its ringing, answer, join and end.
        Set<String> uids = new LinkedHashSet<>();
        all.stream().filter(m -> "Newchannel".equals(m.event())).forEach(m -> uids.add(m.get("Uniqueid", "")));
        assertThat(legs(filtered, uids)).isEqualTo(legs(all, uids)).isNotEmpty();
    }

    private static List<String> legs(List<AmiMessage> stream, Set<String> uids) {
        AmiLegs legs = new AmiLegs(Clock.fixed(NOW, ZoneOffset.UTC));
        List<String> seen = new ArrayList<>();
        legs.addListener(e -> seen.add(e.legId() + " " + e.kind() + " " + e.cause()));
        int action = 0;
        for (String uid : uids) {
            legs.expect(uid, "a" + action++);
        }
        stream.forEach(legs::onEvent);
        return seen;
    }

    private static List<CallEvent> translate(List<AmiMessage> stream) {
        AmiCallTranslator t = new AmiCallTranslator(Set.of("from-enterprise"), Clock.fixed(NOW, ZoneOffset.UTC));
        return stream.stream().map(t::translate).filter(Objects::nonNull).toList();
    }

    private static AmiChannels channels(List<AmiMessage> stream) {
        AmiChannels c = new AmiChannels(Set.of("from-enterprise"));
        stream.forEach(c::onEvent);
        return c;
    }

    private static List<AmiMessage> messages(String file) {
        byte[] body = RecordedStream.bytes("/ami/" + file);
        byte[] greeting = "Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.US_ASCII);
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(greeting, body));
        ch.readInbound();
        List<AmiMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            if (o instanceof AmiMessage m && m.isEvent()) {
                out.add(m);
            }
        }
        return out;
    }
}
