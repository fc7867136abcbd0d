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

/** Hostile input: a WebSocket client that sends faster than its messages are handled. */
class OffloadTest {
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
