package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hostile input: a WebSocket client that sends faster than its messages are handled; HTTP passes by. */
class OffloadTest {
    /**
     * Issue 14 item 4: an HTTP request is not the agent handler's, so it goes on to the API's
     * handlers on the event loop at once, not through the executor and back (two threads woken).
     */
    @Test
    void anHttpRequestGoesStraightOnToTheApiHandlersOnTheEventLoop() throws Exception {
        DefaultEventExecutorGroup group = new DefaultEventExecutorGroup(1);
        AtomicInteger agentSaw = new AtomicInteger();
        java.util.List<String> apiSaw = new java.util.concurrent.CopyOnWriteArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(
                new Offload(group, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        agentSaw.incrementAndGet();
                        ctx.fireChannelRead(msg);
                    }
                }),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        apiSaw.add(((io.netty.handler.codec.http.FullHttpRequest) msg).uri() + " on "
                                + Thread.currentThread().getName());
                        ReferenceCountUtil.release(msg);
                    }
                });
        try {
            ch.writeInbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpMethod.POST,
                    "/api/transfers"));

            // EmbeddedChannel's event loop is the test's own thread: handled before writeInbound returned.
            assertThat(apiSaw)
                    .containsExactly(
                            "/api/transfers on " + Thread.currentThread().getName());
            assertThat(agentSaw).as("the agent handler never sees HTTP").hasValue(0);
        } finally {
            ch.finishAndReleaseAll();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aFloodStopsReadingTheSocketInsteadOfQueueingWithoutBound() throws Exception {
        DefaultEventExecutorGroup group = new DefaultEventExecutorGroup(1);
        CountDownLatch slowHandler = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new Offload(group, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                slowHandler.await(10, TimeUnit.SECONDS); // the database or PBX is slow just now
                handled.incrementAndGet();
                ReferenceCountUtil.release(msg);
            }
        }));
        try {
            for (int i = 0; i < Offload.MAX_BACKLOG - 1; i++) {
                ch.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
            }
            assertThat(ch.config().isAutoRead())
                    .as("below the bound the socket is read")
                    .isTrue();
            ch.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
            assertThat(ch.config().isAutoRead())
                    .as("at the bound the socket is no longer read")
                    .isFalse();

            slowHandler.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.config().isAutoRead());
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == Offload.MAX_BACKLOG);
        } finally {
            ch.finishAndReleaseAll();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
