package org.hotline.cti.agi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cti.app.arrival.ArrivalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI server the inbound dialplan asks at arrival ({@code AGI(agi://127.0.0.1:4573/arrival)}).
 * Our own, on Netty, since issue 14 item 4 (it was Asterisk-Java's {@code DefaultAgiServer}): one
 * event-loop thread serves every session (no thread per call, no hand-offs between pools), input is
 * bounded (line length, lines per request, sessions at once, a deadline per phase), and what goes
 * wrong is one log line of ours. The socket is bound in {@link #start()} so a port in use fails the
 * server's start with a clear message. The pipeline: lines ({@link AgiLineDecoder}), then
 * {@link AgiSession}. On Linux the sockets are epoll's ({@link AgiTransport}): a connection is
 * accepted with its first bytes, and the kernel holds the replies until all can be in.
 */
public final class ArrivalAgiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArrivalAgiServer.class);
    private static final int BACKLOG = 64;
    /** Asterisk's own AGI lines are at most 2 KiB (AGI_BUF_LEN); a request line is far shorter. */
    static final int MAX_LINE_BYTES = 2048;
    /** Sessions at once: each lasts milliseconds; more than this at once is not a PBX. */
    static final int MAX_SESSIONS = 256;
    /** How long a request, or the replies to our commands, may take to arrive. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final ArrivalScript script;
    private final Duration readTimeout;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AgiTransport transport;
    private final EventLoopGroup loop;
    private Channel server;

    public ArrivalAgiServer(String host, int port, ArrivalService arrivals) {
        this(host, port, arrivals, READ_TIMEOUT);
    }

    ArrivalAgiServer(String host, int port, ArrivalService arrivals, Duration readTimeout) {
        this(host, port, arrivals, readTimeout, AgiTransport.pick(true));
    }

    ArrivalAgiServer(String host, int port, ArrivalService arrivals, Duration readTimeout, AgiTransport transport) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.script = new ArrivalScript(Objects.requireNonNull(arrivals, "arrivals"));
        this.readTimeout = readTimeout;
        this.transport = transport;
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("agi", true), transport.ioHandler());
    }

    /** Binds and starts accepting; returns the bound address. */
    public InetSocketAddress start() {
        ServerBootstrap b = transport
                .configure(new ServerBootstrap())
                .group(loop)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (sessions.incrementAndGet() > MAX_SESSIONS) {
                            sessions.decrementAndGet();
                            log.warn("FastAGI {}: {} sessions open already; closing", ch.remoteAddress(), MAX_SESSIONS);
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> sessions.decrementAndGet());
                        AgiLineDecoder lines = new AgiLineDecoder(MAX_LINE_BYTES);
                        ch.pipeline().addLast(lines).addLast(new AgiSession(script, readTimeout, transport, lines));
                    }
                });
        try {
            server = b.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new UncheckedIOException(
                    "cannot listen for FastAGI on " + host + ":" + port + ": " + e.getMessage(),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        // As the API's loops (HttpServer.quiet): no once-a-second wake-up of an idle loop.
        loop.next().scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.HOURS);
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        log.info(
                "FastAGI listening on {}:{} (agi://…/{}: caller recognition at arrival, R11 priority; {})",
                bound.getHostString(),
                bound.getPort(),
                ArrivalScript.NAME,
                transport.epoll() ? "epoll" : "NIO: " + AgiTransport.whyNot());
        return bound;
    }

    /** Sessions open now (tests). */
    int sessions() {
        return sessions.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
