package org.hotline.cti.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes go to clients that may stop reading (a frozen desktop, a dashboard tab in a suspended
 * laptop). Netty queues what the socket does not take, without bound; so each push connection
 * gets a write-buffer water mark, and a connection still above it when the next push comes is
 * dropped instead of written to (issue 14: no slow consumer may grow the server's memory). The
 * client learns why from its last frame (agents: close code 1008 {@code too-slow}) if it ever
 * reads again; the connection is closed at once after that frame is written, or after
 * {@link #CLOSE_GRACE_SECONDS} if it never is.
 */
final class SlowConsumers {
    private static final Logger log = LoggerFactory.getLogger(SlowConsumers.class);
    /** Agent pushes are ~1 KiB: 256 KiB unread is a stuck client, not a slow moment. */
    static final WriteBufferWaterMark AGENT = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    /** Dashboard frames carry the live list (up to a few hundred KiB with 2,000 calls). */
    static final WriteBufferWaterMark DASHBOARD = new WriteBufferWaterMark(1024 * 1024, 4 * 1024 * 1024);

    static final int CLOSE_GRACE_SECONDS = 5;
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.valueOf("cti.dropped");

    private SlowConsumers() {}

    /**
     * True if {@code ch} may take another push. If it is above its water mark, writes
     * {@code lastWords} (once), closes it, and returns false.
     */
    static boolean admit(Channel ch, String what, java.util.function.Supplier<Object> lastWords) {
        if (ch.isWritable()) {
            return true;
        }
        if (ch.attr(DROPPED).setIfAbsent(Boolean.TRUE) == null) {
            log.warn(
                    "{} {} stopped reading ({} bytes to drain before it could take more): closing it",
                    what,
                    ch.remoteAddress(),
                    ch.bytesBeforeWritable());
            ch.writeAndFlush(lastWords.get()).addListener(ChannelFutureListener.CLOSE);
            ch.eventLoop().schedule(() -> ch.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        return false;
    }
}
