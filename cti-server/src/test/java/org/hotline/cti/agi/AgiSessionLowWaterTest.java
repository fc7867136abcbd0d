package org.hotline.cti.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.app.arrival.ArrivalService;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: the socket's low-water mark through a session (what the kernel must hold
 * before it wakes the loop): none for the request, then one shortest reply per command not yet
 * answered; and one byte once the grace is over, so replies shorter than reckoned are still read.
 */
class AgiSessionLowWaterTest {
    private static final String REPEAT = "13800000001";
    private final List<Integer> marks = new CopyOnWriteArrayList<>();

    private EmbeddedChannel session() {
        AgiLineDecoder lines = new AgiLineDecoder(ArrivalAgiServer.MAX_LINE_BYTES);
        AgiSession session = new AgiSession(
                new ArrivalScript(new ArrivalService(n -> Optional.of("双鸭山青禾农业科技有限公司"), REPEAT::equals)),
                Duration.ofSeconds(10),
                AgiTransport.recording((ch, bytes) -> marks.add(bytes)),
                lines);
        EmbeddedChannel ch = new EmbeddedChannel(lines, session); // active: the session's timers armed
        ch.freezeTime();
        return ch;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void theRequestIsReadAsItComes_thenTheMarkIsTheRepliesStillToCome() {
        EmbeddedChannel ch = session();
        String request = ArrivalAgiServerTest.request("arrival", REPEAT);
        ch.writeInbound(text(request.substring(0, 100)));
        assertThat(marks)
                .as("no mark on the request: Asterisk's next segment waits for our ACK")
                .isEmpty();
        ch.writeInbound(text(request.substring(100)));

        String commands = ((ByteBuf) ch.readOutbound()).toString(StandardCharsets.UTF_8);
        assertThat(commands.lines()).hasSize(3);
        assertThat(marks).containsExactly(3 * AgiSession.MIN_REPLY_BYTES);

        ch.writeInbound(text("200 result=1\n200 res"));
        assertThat(marks).last().as("two replies, less the 7 bytes in").isEqualTo(2 * AgiSession.MIN_REPLY_BYTES - 7);
        ch.writeInbound(text("ult=1\n200 result=1\n"));
        assertThat(ch.isOpen()).as("every reply in: the session ends").isFalse();
        assertThat(marks).hasSize(2);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void theCallerHangingUpIsNoReplyTheMarkWaitsForTheRepliesBehindIt() {
        EmbeddedChannel ch = session();
        ch.writeInbound(text(ArrivalAgiServerTest.request("arrival", REPEAT)));
        ch.readOutbound();
        ch.writeInbound(text("HANGUP\n"));
        assertThat(marks).last().isEqualTo(3 * AgiSession.MIN_REPLY_BYTES);
        String dead = "511 Command Not Permitted on a dead channel or intercept routine\n";
        ch.writeInbound(text(dead + dead + dead));
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void afterTheGraceEveryByteIsRead() {
        EmbeddedChannel ch = session();
        ch.writeInbound(text(ArrivalAgiServerTest.request("arrival", REPEAT)));
        ch.readOutbound();
        ch.advanceTimeBy(AgiSession.GRACE.toMillis() / 2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(marks).containsExactly(3 * AgiSession.MIN_REPLY_BYTES);
        ch.advanceTimeBy(AgiSession.GRACE.toMillis() / 2 + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(marks).last().as("the grace: every byte wakes us").isEqualTo(1);
        ch.writeInbound(text("200 result=1\n"));
        assertThat(marks).last().as("no mark raised after the grace").isEqualTo(1);
        ch.close();
        assertThat(ch.finish()).isFalse();
    }
}
