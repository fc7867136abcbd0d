package org.hotline.cti.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a handler's inbound events off the event loop, because the handlers behind it touch the
 * database and the PBX. Netty 4.2 deprecates {@code pipeline.addLast(group, handler)} and asks
 * applications to off-load themselves (netty#14538); this does what that did for us: every event
 * of one connection runs on the same executor of the group, in arrival order, so responses on a
 * keep-alive connection stay in request order and a disconnect is seen after the last message.
 */
@ChannelHandler.Sharable
final class Offload extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<EventExecutor> EXECUTOR = AttributeKey.valueOf("hotline.offload.executor");

    private final EventExecutorGroup group;
    private final ChannelInboundHandler handler;

    Offload(EventExecutorGroup group, ChannelInboundHandler handler) {
        this.group = group;
        this.handler = handler;
    }

    private EventExecutor executor(ChannelHandlerContext ctx) {
        EventExecutor e = ctx.channel().attr(EXECUTOR).get();
        if (e == null) {
            EventExecutor next = group.next();
            e = ctx.channel().attr(EXECUTOR).setIfAbsent(next);
            e = e == null ? next : e;
        }
        return e;
    }

    private interface Event {
        void run() throws Exception;
    }

    private void later(ChannelHandlerContext ctx, Event event, Object toRelease) {
        try {
            executor(ctx).execute(() -> {
                try {
                    event.run();
                } catch (Throwable t) {
                    ctx.fireExceptionCaught(t);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: nobody will handle it, so free what it holds.
            ReferenceCountUtil.release(toRelease);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        later(ctx, () -> handler.channelActive(ctx), null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        later(ctx, () -> handler.channelInactive(ctx), null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof io.netty.handler.codec.http.websocketx.WebSocketFrame)) {
            // An HTTP request is not the agent handler's (it passes anything but frames on): it goes
            // straight on to the API's handlers, here on the event loop. ApiHandler hands it to its own
            // pool and paces the connection's reads. Through the executor it took two hops more (to the
            // executor, and back to the event loop for the next handler), two threads woken before the
            // API's own hand-off: ~1.5–2 ms of a transfer request's setup at p50 (issue 14 item 4).
            ctx.fireChannelRead(msg);
            return;
        }
        // A client sending faster than its messages are handled queued them on the executor without
        // bound; above MAX_BACKLOG the socket is not read until the backlog is half gone (TCP then
        // holds the sender back).
        AtomicInteger backlog = backlog(ctx);
        if (backlog.incrementAndGet() >= MAX_BACKLOG) {
            ctx.channel().config().setAutoRead(false);
        }
        long read = System.nanoTime();
        later(
                ctx,
                () -> {
                    try {
                        READ_AT.set(read);
                        handler.channelRead(ctx, msg);
                    } finally {
                        READ_AT.remove(); // a pooled thread keeps no stale read time past its frame
                        if (backlog.decrementAndGet() == MAX_BACKLOG / 2) {
                            ctx.channel().config().setAutoRead(true);
                        }
                    }
                },
                msg);
    }

    /**
     * When the event loop read the agent-protocol frame the handler is handling now ({@link System#nanoTime}),
     * on the handler's thread: how long the hop here took counts in a transfer's setup (issue 14 item 4).
     */
    private static final ThreadLocal<Long> READ_AT = new ThreadLocal<>();

    /** The time since the event loop read the frame being handled on this thread, or zero outside a frame's handling. */
    static java.time.Duration sinceRead() {
        Long at = READ_AT.get();
        return at == null ? java.time.Duration.ZERO : java.time.Duration.ofNanos(System.nanoTime() - at);
    }

    /** Messages of one connection read but not yet handled, at most about this many. */
    static final int MAX_BACKLOG = 64;

    private static final AttributeKey<AtomicInteger> BACKLOG = AttributeKey.valueOf("hotline.offload.backlog");

    private static AtomicInteger backlog(ChannelHandlerContext ctx) {
        AtomicInteger b = ctx.channel().attr(BACKLOG).get();
        if (b == null) {
            AtomicInteger fresh = new AtomicInteger();
            b = ctx.channel().attr(BACKLOG).setIfAbsent(fresh);
            b = b == null ? fresh : b;
        }
        return b;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        later(ctx, () -> handler.channelReadComplete(ctx), null);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        later(ctx, () -> handler.userEventTriggered(ctx, evt), evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        later(ctx, () -> handler.channelWritabilityChanged(ctx), null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        try {
            executor(ctx).execute(() -> {
                try {
                    handler.exceptionCaught(ctx, cause);
                } catch (Exception e) {
                    ctx.fireExceptionCaught(e);
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.close();
        }
    }
}
