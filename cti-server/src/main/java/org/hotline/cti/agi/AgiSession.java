package org.hotline.cti.agi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI session, on the event loop: reads the request ({@code agi_*} lines up to a blank
 * line), answers it with all its commands in one write, reads one reply per command, closes.
 * Anything else — garbage, a line or a request too long, a peer that stops half way — ends the
 * session with one log line naming the peer and what was wrong; a caller who hung up meanwhile
 * is normal and logged at DEBUG.
 *
 * <p>Why the commands go in one write followed by a half-close: Asterisk reads AGI commands
 * through a buffered stdio stream but waits for the next one with {@code poll()} on the socket,
 * so a second command that arrived in the same segment as the first sits in its buffer unseen
 * (measured on the sandbox's Asterisk 22: the first reply at once, the others only after a 10 s
 * timeout). Shutting down our output makes the socket readable (end of stream) until the buffer
 * is drained: Asterisk runs every command, replies to each, then ends the AGI.
 *
 * <p>Issue 14 item 4: on epoll ({@link AgiTransport}), once the commands are out, the socket's
 * low-water mark is a reply of {@value #MIN_REPLY_BYTES} bytes per command not yet answered: the
 * kernel wakes the loop when every reply can be in, not once per segment (Asterisk leaves Nagle's
 * algorithm on, so its first reply goes at once and the rest follow our ACK). Asterisk never
 * waits for us after our half-close (it writes its replies and ends the AGI), so the mark cannot
 * delay a call: it only decides when we read. Should the replies be shorter than reckoned,
 * {@link #GRACE} after the commands the mark drops to one byte and the session reads as it comes.
 * The request gets no mark: Asterisk writes it one line per write() with Nagle on, so its next
 * segment waits for our ACK, which the kernel sends at once when we read and up to 40 ms later
 * when we do not (measured: the agi bench's {@code --per-line} sessions took 47 ms at p99 with a
 * mark on the request, against 2–6 ms without); a caller would wait that long before the queue.
 */
final class AgiSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AgiSession.class);
    /** Asterisk sends about 25 request lines (more only with AGI() arguments, 128 at most). */
    static final int MAX_REQUEST_LINES = 160;
    /** Replies are a few lines each; a stream of anything else is not Asterisk. */
    private static final int MAX_REPLY_LINES = 64;
    /**
     * The shortest reply to {@code SET VARIABLE}: {@code 200 result=1\n} (Asterisk 22 res_agi.c,
     * {@code handle_setvariable}; its other answers, 510, 511 and 520, are longer).
     */
    static final int MIN_REPLY_BYTES = "200 result=1\n".length();
    /** After this, the replies' low-water mark drops to one byte (see the class comment). */
    static final Duration GRACE = Duration.ofMillis(100);

    private enum State {
        REQUEST,
        REPLIES,
        DONE
    }

    private final ArrivalScript script;
    private final Duration timeout;
    private final AgiTransport transport;
    private final AgiLineDecoder decoder;
    /** The low-water mark last set on the socket (1: the kernel's default, every byte wakes us). */
    private int water = 1;

    private boolean graceOver;
    private ScheduledFuture<?> grace;
    private final AgiRequest.Builder request = new AgiRequest.Builder();
    private State state = State.REQUEST;
    private int lines;
    private List<String> commands = List.of();
    private int replies;
    private boolean hungUp;
    private AgiRequest asked;
    private ScheduledFuture<?> deadline;

    AgiSession(ArrivalScript script, Duration timeout, AgiTransport transport, AgiLineDecoder decoder) {
        this.script = script;
        this.timeout = timeout;
        this.transport = transport;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armDeadline(ctx);
        ctx.fireChannelActive();
    }

    /** After each read of replies: the low-water mark for the replies still to come, at their shortest. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.REPLIES && !graceOver) {
            lowWater(ctx, MIN_REPLY_BYTES * (commands.size() - replies) - decoder.pending());
        }
        ctx.fireChannelReadComplete();
    }

    private void lowWater(ChannelHandlerContext ctx, int bytes) {
        int mark = Math.max(1, bytes);
        if (mark != water && ctx.channel().isActive()) {
            water = mark;
            transport.lowWater(ctx.channel(), mark);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String line;
        ByteBuf buf = (ByteBuf) msg;
        try {
            line = buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
        switch (state) {
            case REQUEST -> requestLine(ctx, line);
            case REPLIES -> replyLine(ctx, line);
            case DONE -> {
                // after the last reply Asterisk may still say HANGUP: the session is over
            }
        }
    }

    private void requestLine(ChannelHandlerContext ctx, String line) {
        if (line.isEmpty()) {
            answer(ctx);
            return;
        }
        if (++lines > MAX_REQUEST_LINES) {
            fail(ctx, "more than " + MAX_REQUEST_LINES + " request lines without the blank line that ends one");
            return;
        }
        String wrong = request.line(line);
        if (wrong != null) {
            fail(ctx, wrong);
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        asked = request.build();
        if (asked == null) {
            fail(ctx, "a request without agi_network_script (" + lines + " lines): not a FastAGI request");
            return;
        }
        if (!ArrivalScript.NAME.equals(asked.script())) {
            fail(
                    ctx,
                    "asks for agi://…/" + AgiRequest.printable(asked.script()) + ", this server serves only /"
                            + ArrivalScript.NAME);
            return;
        }
        commands = script.commands(asked.callerId());
        state = State.REPLIES;
        lines = 0;
        armDeadline(ctx);
        lowWater(ctx, MIN_REPLY_BYTES * commands.size() - decoder.pending());
        armGrace(ctx);
        ByteBuf out = ByteBufUtil.writeUtf8(ctx.alloc(), String.join("", commands));
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && f.channel() instanceof DuplexChannel d) {
                d.shutdownOutput(); // see the class comment: Asterisk runs the buffered commands on end of stream
            }
        });
    }

    private void replyLine(ChannelHandlerContext ctx, String line) {
        if (++lines > MAX_REPLY_LINES) {
            fail(ctx, "more than " + MAX_REPLY_LINES + " lines in reply to " + commands.size() + " commands");
            return;
        }
        if (line.equals("HANGUP")) {
            hungUp = true; // the caller hung up (before the replies), or the AGI ends (after them)
            return;
        }
        if (line.length() < 4 || !Character.isDigit(line.charAt(0)) || line.charAt(3) != ' ') {
            return; // "520-..." usage lines and anything else between replies: only "NNN " ends a reply
        }
        String command = commands.get(replies).strip();
        if (line.startsWith("511 ")) {
            hungUp = true; // "Command Not Permitted on a dead channel": the caller has gone
        } else if (!line.startsWith("200 ")) {
            log.warn("FastAGI {}: Asterisk refused '{}': {}", peer(ctx), command, AgiRequest.printable(line));
        }
        if (++replies == commands.size()) {
            finish(ctx);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        state = State.DONE;
        cancelDeadline();
        cancelGrace();
        if (hungUp) {
            log.debug("FastAGI arrival {} on {}: the caller hung up during the AGI", asked.callerId(), asked.channel());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        cancelGrace();
        if (state == State.REQUEST && lines > 0) {
            log.warn("FastAGI {}: closed half way through a request ({} lines, no blank line)", peer(ctx), lines);
        } else if (state == State.REQUEST) {
            log.debug("FastAGI {}: connected and closed without a request", peer(ctx));
        } else if (state == State.REPLIES) {
            // Asterisk ends the AGI when the caller hangs up; our commands no longer matter.
            log.debug(
                    "FastAGI arrival {} on {}: Asterisk ended the AGI after {} of {} replies{}",
                    asked.callerId(),
                    asked.channel(),
                    replies,
                    commands.size(),
                    hungUp ? " (the caller hung up)" : "");
        }
        state = State.DONE;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.DONE) {
            return;
        }
        if (cause instanceof TooLongFrameException) {
            fail(ctx, "a line longer than " + ArrivalAgiServer.MAX_LINE_BYTES + " bytes");
        } else if (cause instanceof IOException) {
            // Reset by the peer: Asterisk drops the socket when the channel goes away.
            log.debug("FastAGI {}: {}", peer(ctx), cause.toString());
            state = State.DONE;
            ctx.close();
        } else {
            fail(ctx, cause.toString());
        }
    }

    private void armDeadline(ChannelHandlerContext ctx) {
        cancelDeadline();
        State phase = state;
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            if (state == phase && ctx.channel().isActive()) {
                                fail(
                                        ctx,
                                        phase == State.REQUEST
                                                ? "no complete request within " + timeout.toMillis() + " ms (" + lines
                                                        + " lines received)"
                                                : "no reply to " + (commands.size() - replies) + " of "
                                                        + commands.size() + " commands within " + timeout.toMillis()
                                                        + " ms");
                            }
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** {@link #GRACE} after the commands, read whatever comes (epoll only; see the class comment). */
    private void armGrace(ChannelHandlerContext ctx) {
        cancelGrace();
        if (!transport.epoll()) {
            return;
        }
        grace = ctx.executor()
                .schedule(
                        () -> {
                            if (state == State.REPLIES) {
                                graceOver = true;
                                lowWater(ctx, 1);
                            }
                        },
                        GRACE.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void cancelGrace() {
        if (grace != null) {
            grace.cancel(false);
            grace = null;
        }
    }

    /** One line naming the peer and what was wrong; the session ends. */
    private void fail(ChannelHandlerContext ctx, String what) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelDeadline();
        cancelGrace();
        log.warn("FastAGI {}: {}; closing", peer(ctx), what);
        ctx.close();
    }

    private static String peer(ChannelHandlerContext ctx) {
        Object a = ctx.channel().remoteAddress();
        return a instanceof java.net.InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : String.valueOf(a);
    }
}
