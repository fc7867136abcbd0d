package org.hotline.cti.agi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.util.function.ObjIntConsumer;

/**
 * The FastAGI server's sockets (issue 14 item 4): Linux's epoll when Netty's native library loads,
 * so that the kernel, not our thread, waits for the bytes a session needs before waking us.
 * {@code TCP_DEFER_ACCEPT}: a connection is accepted when its first bytes arrive, not before (one
 * wake-up for the accept and the request's first segment). {@code SO_RCVLOWAT} ({@link #lowWater}):
 * the socket reads as ready only once that many bytes are in (or at its end, or an error), so the
 * replies to our commands wake the loop once ({@link AgiSession}). NIO otherwise (another OS or
 * CPU, no native file): then every segment is a wake-up, as before.
 */
final class AgiTransport {
    /** {@code SOL_SOCKET}, {@code SO_RCVLOWAT} on Linux x86-64, the only native file shipped. */
    private static final ChannelOption<Integer> SO_RCVLOWAT = new IntegerUnixChannelOption("SO_RCVLOWAT", 1, 18);
    /** Seconds a connection may wait for its first bytes before the kernel accepts it anyway. */
    private static final int DEFER_ACCEPT_SECONDS = 1;

    private final boolean epoll;
    private final ObjIntConsumer<Channel> setLowWater;

    private AgiTransport(boolean epoll, ObjIntConsumer<Channel> setLowWater) {
        this.epoll = epoll;
        this.setLowWater = setLowWater;
    }

    /** Epoll when {@code wanted} and Netty's native library loads, else NIO. */
    static AgiTransport pick(boolean wanted) {
        return new AgiTransport(
                wanted && Epoll.isAvailable(), (ch, bytes) -> ch.config().setOption(SO_RCVLOWAT, bytes));
    }

    /** Tests on an {@code EmbeddedChannel}: as epoll, each low-water mark told to {@code marks}. */
    static AgiTransport recording(ObjIntConsumer<Channel> marks) {
        return new AgiTransport(true, marks);
    }

    boolean epoll() {
        return epoll;
    }

    /** Why epoll is not used, for the start's log line. */
    static String whyNot() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "not wanted" : cause.toString();
    }

    IoHandlerFactory ioHandler() {
        return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The server socket's options: the deferred accept, with epoll. */
    ServerBootstrap configure(ServerBootstrap b) {
        return epoll ? b.option(EpollChannelOption.TCP_DEFER_ACCEPT, DEFER_ACCEPT_SECONDS) : b;
    }

    /**
     * Wake the loop for {@code ch} only once {@code bytes} (at least 1) can be read, or at end of
     * stream or an error; no-op with NIO.
     */
    void lowWater(Channel ch, int bytes) {
        if (epoll) {
            setLowWater.accept(ch, Math.max(1, bytes));
        }
    }
}
