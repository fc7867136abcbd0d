package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decoder keeps one copy of each event's bytes and builds a value only when it is read
 * (issue 14). These pin down that reading lazily, in any order, gives exactly what an eager
 * parser gives.
 */
class AmiLazyFieldsTest {
    private static final String GREETING = "Asterisk Call Manager/11.0.0\r\n";

    private static List<AmiMessage> decode(AmiDecoder decoder, String wire) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.copiedBuffer(GREETING + wire, StandardCharsets.UTF_8));
        ch.readInbound();
        List<AmiMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((AmiMessage) o);
        }
        assertFalse(ch.finish());
        return out;
    }

    private static AmiMessage one(String wire) {
        List<AmiMessage> m = decode(new AmiDecoder(), wire);
        assertThat(m).hasSize(1);
        return m.get(0);
    }

    @Test
    void valuesReadInAnyOrderAreTheRecordedOnesAndKeysAreInternedLikeLiterals() {
        byte[] bytes = RecordedStream.bytes(RecordedStream.CAPTURE);
        List<Map<String, String>> expected = RecordedStream.naiveEvents(bytes);
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.readInbound();
        int i = 0;
        for (Object o; (o = ch.readInbound()) != null; i++) {
            AmiMessage m = (AmiMessage) o;
            Map<String, String> want = expected.get(i);
            // Last field first, then a lookup by name, then the whole map: the cache must not mix values up.
            int last = m.size() - 1;
            assertThat(m.value(last)).isEqualTo(want.get(m.key(last)));
            if (want.containsKey("Uniqueid")) {
                assertThat(m.get("Uniqueid")).isEqualTo(want.get("Uniqueid"));
                assertThat(m.get("Uniqueid")).isSameAs(m.get("Uniqueid")); // built once
            }
            assertThat(m.asMap()).as("event #%d", i).isEqualTo(want);
            assertThat(m.key(0)).isSameAs("Event");
            assertThat(m.event()).isSameAs(want.get("Event").intern());
        }
        assertThat(i).isEqualTo(expected.size());
        assertFalse(ch.finish());
    }

    @Test
    void aValueReadAfterTheSocketBufferIsReleasedIsStillRight() {
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        ByteBuf in = Unpooled.copiedBuffer(
                GREETING + "Event: Newchannel\r\nCallerIDName: 李四\r\nUniqueid: 9.1\r\n\r\n", StandardCharsets.UTF_8);
        ch.writeInbound(in);
        ch.readInbound();
        AmiMessage m = ch.readInbound();
        assertThat(in.refCnt()).isZero(); // the decoder is done with the wire bytes…
        assertThat(m.get("CallerIDName")).isEqualTo("李四"); // …the message has its own copy
        assertThat(m.get("Uniqueid")).isEqualTo("9.1");
        assertFalse(ch.finish());
    }

    @Test
    void lineEndingsAndOddLinesAreReadAsBefore() {
        AmiMessage m = one("Event: UserEvent\r\n"
                + "Data: a:b: c\r\n" // only the first colon separates
                + "NoSpace:x\n" // bare LF, no space after the colon
                + "Empty:\r\n"
                + "Spaces:   two leading kept but one\r\n"
                + "Inner: a\rb\r\n" // a lone CR inside a value is data
                + "just some output\r\n" // no colon: kept whole as Output
                + "Trailing: t \r\n\r\n");
        assertThat(m.get("Data")).isEqualTo("a:b: c");
        assertThat(m.get("nospace")).isEqualTo("x");
        assertThat(m.get("Empty")).isEmpty();
        assertThat(m.get("Spaces")).isEqualTo("  two leading kept but one");
        assertThat(m.get("Inner")).isEqualTo("a\rb");
        assertThat(m.get("Output")).isEqualTo("just some output");
        assertThat(m.get("Trailing")).isEqualTo("t ");
        assertThat(m.get("Missing")).isNull();
        assertThat(m.size()).isEqualTo(8);
        assertThat(m.toString()).contains("Data: a:b: c\n");
    }

    @Test
    void keysLeftInBytesMatchLiteralsAsEqualsIgnoreCaseWould() {
        AmiMessage m = one("event: Lower\r\n"
                + "UNIQUEID: 1.2\r\n"
                + "A@b: at\r\n"
                + "Kéy: accented\r\n"
                + "号码: 12345\r\n"
                + "ActionId: 7\r\n\r\n");
        assertThat(m.event()).isEqualTo("Lower");
        assertThat(m.isEvent()).isTrue();
        assertThat(m.get("Uniqueid")).isEqualTo("1.2");
        assertThat(m.get("a@B")).isEqualTo("at");
        assertThat(m.get("A`b")).isNull(); // '@' and '`' differ by the case bit but are not letters
        assertThat(m.get("KÉY")).isEqualTo("accented");
        assertThat(m.get("Key")).isNull();
        assertThat(m.get("号码")).isEqualTo("12345");
        assertThat(m.actionId()).isEqualTo("7");
        assertThat(m.key(1)).isEqualTo("UNIQUEID");
        assertThat(m.getAll("uniqueid")).containsExactly("1.2");
        assertThat(m.asMap()).containsEntry("Kéy", "accented").containsEntry("号码", "12345");
    }

    @Test
    void manyFieldsAndEmptyBlocks() {
        StringBuilder sb = new StringBuilder("\r\nEvent: Big\r\n");
        for (int i = 0; i < 100; i++) {
            sb.append("Key").append(i).append(": v").append(i).append("\r\n");
        }
        List<AmiMessage> m = decode(new AmiDecoder(), sb + "\r\n\r\nEvent: Next\r\n\r\n");
        assertThat(m).extracting(AmiMessage::event).containsExactly("Big", "Next");
        assertThat(m.get(0).size()).isEqualTo(101);
        assertThat(m.get(0).get("Key99")).isEqualTo("v99");
        assertThat(m.get(0).value(1)).isEqualTo("v0");
    }

    @Test
    void aBlockAtTheLimitPassesAndOneByteMoreClosesTheConnection() {
        String head = "Event: X\r\nData: ";
        int room = 1024 - head.length();
        // the limit counts bytes waiting without their blank line, so a block up to it may complete
        AmiMessage ok = decode(new AmiDecoder(1024), head + "y".repeat(room - 2) + "\r\n\r\n")
                .get(0);
        assertThat(ok.get("Data")).hasSize(room - 2);

        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder(1024));
        ch.writeInbound(Unpooled.copiedBuffer(GREETING, StandardCharsets.US_ASCII));
        ch.readInbound();
        assertThatThrownBy(() ->
                        ch.writeInbound(Unpooled.copiedBuffer(head + "y".repeat(room + 1), StandardCharsets.US_ASCII)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void theInternTableStaysBoundedWhateverKeysAPeerInvents() {
        AmiStrings strings = new AmiStrings();
        for (int i = 0; i < 10_000; i++) {
            byte[] k = ("Key" + i).getBytes(StandardCharsets.US_ASCII);
            assertThat(strings.get(k, 0, k.length)).isEqualTo("Key" + i);
        }
        assertThat(strings.size()).isLessThanOrEqualTo(768);
        byte[] again = "Key1".getBytes(StandardCharsets.US_ASCII);
        assertThat(strings.get(again, 0, again.length)).isSameAs("Key1".intern());
        byte[] later = "Key9999".getBytes(StandardCharsets.US_ASCII);
        assertThat(strings.get(later, 0, later.length)).isEqualTo("Key9999"); // built, not stored
    }

    @Test
    void byteAtATimeWithMixedLineEndsAndStrayBlankLinesGivesTheSameFields() {
        String wire = GREETING + "\r\n\nEvent: A\nKey: 1\r\n\r\nEvent: B\r\nKey: 2\n\r\n\nEvent: C\nKey: 3\n\n";
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        for (byte x : b) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        ch.readInbound();
        List<String> got = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            AmiMessage m = (AmiMessage) o;
            got.add(m.event() + "=" + m.get("Key") + "/" + m.size());
        }
        assertThat(got).containsExactly("A=1/2", "B=2/2", "C=3/2");
        assertFalse(ch.finish());
    }
}
