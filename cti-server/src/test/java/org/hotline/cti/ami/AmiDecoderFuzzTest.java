package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the AMI decoder fed malformed, truncated, oversized and random bytes (fixed seed, so
 * a failure replays) neither crashes with anything but its own "too long" refusal nor grows: its
 * buffer stays under the message cap and its per-connection tables stay bounded.
 */
class AmiDecoderFuzzTest {
    private static final int MAX = 4096;
    private static final String[] REAL = {
        "Event: Newchannel\r\nChannel: PJSIP/caller-00000001\r\nUniqueid: 1700000000.1\r\nLinkedid: 1700000000.1\r\n\r\n",
        "Response: Success\r\nActionID: 7\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n",
        "Event: Hangup\r\nUniqueid: 1700000000.1\r\nCause: 16\r\nCause-txt: Normal Clearing\r\nCallerIDName: 张三\r\n\r\n",
        "Response: Follows\r\nPrivilege: Command\r\nOutput: line\r\n--END COMMAND--\r\n\r\n",
    };

    @Test
    void randomMalformedAndTruncatedInputNeverCrashesNorGrows() throws Exception {
        Random random = new Random(20261129L);
        for (int run = 0; run < 400; run++) {
            AmiDecoder decoder = new AmiDecoder(MAX);
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            ch.writeInbound(buf("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.US_ASCII)));
            boolean refused = false;
            for (int chunk = 0; chunk < 60 && !refused; chunk++) {
                try {
                    ch.writeInbound(buf(garbage(random)));
                } catch (DecoderException tooLong) {
                    assertThat(tooLong).hasMessageContaining("larger than " + MAX + " bytes");
                    refused = true; // the client closes the connection on this; nothing else may be thrown
                }
                assertThat(buffered(decoder)).as("run %d", run).isLessThanOrEqualTo(MAX + 9000);
                for (Object o; (o = ch.readInbound()) != null; ) {
                    assertThat(o).isInstanceOfAny(AmiMessage.class, AmiGreeting.class);
                }
            }
            assertThat(wordsKnown(decoder)).isLessThanOrEqualTo(1024);
            assertThat(lineTable(decoder)).isLessThanOrEqualTo(MAX * 2);
            try {
                ch.finishAndReleaseAll();
            } catch (DecoderException tooLong) {
                assertThat(tooLong).hasMessageContaining("larger than " + MAX + " bytes"); // what was left at close
            }
        }
    }

    @Test
    void afterGarbageEndedByABlankLineRealEventsDecodeAgain() {
        Random random = new Random(7);
        EmbeddedChannel ch = new EmbeddedChannel(new AmiDecoder(MAX));
        ch.writeInbound(buf("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.US_ASCII)));
        ch.readInbound();
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            for (int j = 0; j < noise.length; j++) {
                if (noise[j] == '\n') {
                    noise[j] = 'x'; // one garbage block, ended below
                }
            }
            ch.writeInbound(buf(noise));
            ch.writeInbound(buf("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ch.writeInbound(buf(REAL[2].getBytes(StandardCharsets.UTF_8)));
            AmiMessage hangup = null;
            for (Object o; (o = ch.readInbound()) != null; ) {
                AmiMessage m = (AmiMessage) o;
                if ("Hangup".equals(m.event())) {
                    hangup = m;
                }
            }
            assertThat(hangup).as("round %d", i).isNotNull();
            assertThat(hangup.get("CallerIDName")).isEqualTo("张三");
        }
        ch.finishAndReleaseAll();
    }

    /** Up to ~8 KiB of: random bytes, real messages cut anywhere, lines without colons, long lines, stray CR/LF. */
    private static byte[] garbage(Random r) {
        StringBuilder s = new StringBuilder();
        int parts = 1 + r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(7)) {
                case 0 -> {
                    byte[] b = new byte[r.nextInt(1500)];
                    r.nextBytes(b);
                    s.append(new String(b, StandardCharsets.ISO_8859_1));
                }
                case 1 -> {
                    String m = REAL[r.nextInt(REAL.length)];
                    s.append(m, 0, r.nextInt(m.length() + 1));
                }
                case 2 -> s.append(REAL[r.nextInt(REAL.length)]);
                case 3 -> s.append("no colon here at all").append(r.nextBoolean() ? "\r\n" : "\n");
                case 4 ->
                    s.append("Key: ").append("v".repeat(r.nextInt(MAX + 200))).append("\r\n");
                case 5 -> s.append(r.nextBoolean() ? "\r" : "\n").append(r.nextBoolean() ? "\r\n\r\n" : ":");
                default -> s.append("K").append(r.nextInt(100_000)).append(": x\r\n"); // many distinct keys
            }
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ByteBuf buf(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    private static int buffered(AmiDecoder d) throws Exception {
        Method m = ByteToMessageDecoder.class.getDeclaredMethod("actualReadableBytes");
        m.setAccessible(true);
        return (int) m.invoke(d);
    }

    private static int wordsKnown(AmiDecoder d) throws Exception {
        Field f = AmiDecoder.class.getDeclaredField("strings");
        f.setAccessible(true);
        return ((AmiStrings) f.get(d)).size();
    }

    private static int lineTable(AmiDecoder d) throws Exception {
        Field f = AmiDecoder.class.getDeclaredField("lineEnds");
        f.setAccessible(true);
        return ((int[]) f.get(d)).length;
    }
}
