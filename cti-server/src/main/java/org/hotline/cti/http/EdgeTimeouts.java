package org.hotline.cti.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Header/read and idle deadlines for plain HTTP (issue 11 item 8). It sits right after TLS, sees
 * raw bytes in and encoded responses out: a request must be complete within {@code requestTimeout}
 * of its first byte (a first request, of the connection opening), and a keep-alive connection
 * idle for {@code idleTimeout} is closed. Connections that became a WebSocket or an event stream
 * are marked {@link #LONG_LIVED} and left to their own rules (login deadline, slow-consumer cut).
 * One instance per connection; everything runs on the connection's event loop.
 */
final class EdgeTimeouts extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(EdgeTimeouts.class);
    static final AttributeKey<Boolean> LONG_LIVED = AttributeKey.valueOf("cti.longLived");
    static final AttributeKey<Boolean> WEBSOCKET = AttributeKey.valueOf("cti.websocket");

    private final long requestNanos;
    private final long idleNanos;
    private ScheduledFuture<?> deadline;
    private long lastReadNanos = System.nanoTime();
    private boolean pinged;
    private ScheduledFuture<?> heartbeat;
    /** Bytes of a request have arrived and it is not yet complete. */
    private boolean receiving;
    /** A complete request is being answered. */
    private boolean answering;

    EdgeTimeouts(HttpSettings s) {
        this.requestNanos = s.requestTimeout().toNanos();
        this.idleNanos = s.idleTimeout().toNanos();
    }

    /** The HTTP layer saw a whole request (called on the event loop, from {@link EdgePolicy}). */
    static void requestReceived(Channel ch) {
        EdgeTimeouts t = ch.pipeline().get(EdgeTimeouts.class);
        if (t != null) {
            t.receiving = false;
            t.answering = true;
            t.cancel();
        }
    }

    static void longLived(Channel ch) {
        ch.attr(LONG_LIVED).set(Boolean.TRUE);
        EdgeTimeouts t = ch.pipeline().get(EdgeTimeouts.class);
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * A WebSocket that stays silent for {@code idleTimeout} is pinged (browsers and the JDK client
     * answer by themselves); silent for another, it is gone (a dead peer, a frozen desktop): closed.
     */
    static void websocket(Channel ch) {
        longLived(ch);
        ch.attr(WEBSOCKET).set(Boolean.TRUE);
        EdgeTimeouts t = ch.pipeline().get(EdgeTimeouts.class);
        if (t != null && t.heartbeat == null) {
            ChannelHandlerContext ctx = ch.pipeline().context(t);
            t.heartbeat = ctx.executor()
                    .scheduleWithFixedDelay(() -> t.beat(ctx), t.idleNanos, t.idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void beat(ChannelHandlerContext ctx) {
        if (System.nanoTime() - lastReadNanos < idleNanos || !ctx.channel().isActive()) {
            return;
        }
        if (pinged) {
            log.info(
                    "closing agent connection from {}: no answer to a ping",
                    ctx.channel().remoteAddress());
            ctx.channel().close();
            return;
        }
        pinged = true;
        ctx.channel().writeAndFlush(new io.netty.handler.codec.http.websocketx.PingWebSocketFrame());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx, requestNanos, "sent no request");
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastReadNanos = System.nanoTime();
        pinged = false;
        if (msg instanceof ByteBuf && !receiving && !answering && !isLongLived(ctx)) {
            receiving = true;
            arm(ctx, requestNanos, "did not complete its request");
        }
        super.channelRead(ctx, msg);
    }

    /** A flush while answering is the response going out (ApiHandler writes each one whole). */
    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        if (answering && !receiving && !isLongLived(ctx)) {
            answering = false;
            arm(ctx, idleNanos, "was idle");
        }
        super.flush(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private static boolean isLongLived(ChannelHandlerContext ctx) {
        return Boolean.TRUE.equals(ctx.channel().attr(LONG_LIVED).get());
    }

    private void arm(ChannelHandlerContext ctx, long nanos, String why) {
        cancel();
        deadline = ctx.executor().schedule(() -> expire(ctx, why), nanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx, String why) {
        if (isLongLived(ctx) || !ctx.channel().isActive()) {
            return;
        }
        log.info("closing HTTP connection from {}: it {} in time", ctx.channel().remoteAddress(), why);
        if (receiving) {
            // Written here, below the HTTP codec, as bytes: the codec has no request to answer.
            HttpResponse body =
                    ApiErrors.body(org.hotline.cti.ErrorId.REQUEST_TIMEOUT, "the request did not arrive in time");
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                    + body.body().length + "\r\nConnection: close\r\n\r\n";
            ctx.write(Unpooled.copiedBuffer(head, java.nio.charset.StandardCharsets.US_ASCII));
            ctx.writeAndFlush(Unpooled.wrappedBuffer(body.body())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
