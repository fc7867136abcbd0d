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
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmiDecoderTest {

    @Test
    void decodesEveryEventOfTheRecordedStreamWithExactFieldsWhateverTheChunking() {
        byte[] bytes = RecordedStream.bytes(RecordedStream.CAPTURE);
        List<Map<String, String>> expected = RecordedStream.naiveEvents(bytes);
        assertThat(expected).hasSize(85_423);

        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        Random random = new Random(42);
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(3000));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, pos, n));
            pos += n;
        }
        Object first = ch.readInbound();
        assertThat(first).isEqualTo(new AmiGreeting("Asterisk Call Manager/11.0.0"));
        assertThat(((AmiGreeting) first).protocolVersion()).isEqualTo("11.0.0");
        List<AmiMessage> got = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            got.add((AmiMessage) o);
        }
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).asMap()).as("event #%d", i).isEqualTo(expected.get(i));
        }
        assertFalse(ch.finish());
    }

    @Test
    void splitsAtEveryByteBoundaryAndAcceptsBareLineFeeds() {
        String wire = "Asterisk Call Manager/11.0.0\r\n"
                + "Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n"
                + "Event: Hangup\nUniqueid: 1.2\nCause-txt: Normal Clearing\nCallerIDName: 张三\n\n";
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < b.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(b, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(b, split, b.length - split));
            assertThat(ch.<Object>readInbound()).isInstanceOf(AmiGreeting.class);
            AmiMessage login = ch.readInbound();
            assertThat(login.response()).as("split at %d", split).isEqualTo("Success");
            assertThat(login.actionId()).isEqualTo("1");
            AmiMessage hangup = ch.readInbound();
            assertThat(hangup.event()).isEqualTo("Hangup");
            assertThat(hangup.get("cause-TXT")).isEqualTo("Normal Clearing");
            assertThat(hangup.get("CallerIDName")).isEqualTo("张三");
            assertThat(ch.<Object>readInbound()).isNull();
            assertFalse(ch.finish());
        }
    }

    @Test
    void keepsRepeatedKeysInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder());
        ch.writeInbound(buf(
                "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nOutput: line one\r\nOutput: line two\r\n\r\n"));
        ch.readInbound();
        AmiMessage m = ch.readInbound();
        assertThat(m.getAll("Output")).containsExactly("line one", "line two");
        assertFalse(ch.finish());
    }

    @Test
    void refusesAnOversizedMessageInsteadOfBufferingForever() {
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder(1024));
        ch.writeInbound(buf("Asterisk Call Manager/11.0.0\r\n"));
        ch.readInbound();
        String big = "Event: X\r\nData: " + "x".repeat(2000);
        assertThatThrownBy(() -> ch.writeInbound(buf(big)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void encodesActionsAndRefusesLineBreaksThatWouldInjectFields() {
        EmbeddedChannel ch = new EmbeddedChannel(new AmiEncoder());
        ch.writeOutbound(AmiMessage.of("Action", "Login", "ActionID", "1", "Username", "cti", "Secret", "s3cret"));
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("Action: Login\r\nActionID: 1\r\nUsername: cti\r\nSecret: s3cret\r\n\r\n");
        out.release();
        assertThat(AmiMessage.of("Action", "Login", "Secret", "s3cret").toString())
                .doesNotContain("s3cret")
                .contains("<masked>");
        assertThatThrownBy(() -> ch.writeOutbound(AmiMessage.of("Action", "Setvar", "Value", "a\r\nAction: Hangup")))
                .hasRootCauseMessage("AMI field Value contains a line break");
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
