package org.hotline.cti.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.AuthService;

/** Bootstraps the HTTP server (API, metrics, dashboard); the pipeline is built by {@link #initChannel}. */
public final class HttpServer implements AutoCloseable {
    /** Requests larger than this get 413: the API takes small JSON bodies only. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Netty's defaults, named so the 414 / 431 answers can say them (EdgePolicy). */
    static final int MAX_INITIAL_LINE_BYTES = 4096;

    static final int MAX_HEADER_BYTES = 8192;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final EventExecutorGroup blocking = new DefaultEventExecutorGroup(8);
    private final ApiHandler api;
    private final AgentSocket agents;
    private final EventStream events;
    private Channel channel;
    /** Every open client connection, closed first on shutdown so no handler outlives its executor. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private final HttpSettings settings;
    private final ConnectionLimits limits;
    private io.netty.handler.ssl.SslContext tls;
    private EdgePolicy policy;

    public HttpServer(Router router, AuthService auth) {
        this(router, auth, null, null);
    }

    /** With the agent WebSocket and the dashboard's event stream (either may be null). */
    public HttpServer(Router router, AuthService auth, AgentSocket agents, EventStream events) {
        this(router, auth, agents, events, HttpSettings.DEFAULTS);
    }

    public HttpServer(Router router, AuthService auth, AgentSocket agents, EventStream events, HttpSettings settings) {
        this.settings = settings;
        this.api = new ApiHandler(router, auth, settings);
        this.agents = agents;
        this.events = events;
        this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxPerAddress());
    }

    /** Agent protocol frames larger than this close the connection (1009). */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /**
     * Netty basics on /metrics: the pooled allocator's memory, the event loops' pending tasks,
     * and this server's open connections, agent sessions and dashboard streams.
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        // The allocator our channels use (Netty 4.2's default is the adaptive one, not the pooled one).
        if (io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider used) {
            new io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics(used).bindTo(registry);
        }
        new io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics(workers).bindTo(registry);
        io.micrometer.core.instrument.Gauge.builder("cti.http.connections", connections, java.util.Set::size)
                .description("Open HTTP connections (API, dashboard streams and agent WebSockets)")
                .register(registry);
        if (agents != null) {
            io.micrometer.core.instrument.Gauge.builder("cti.agent.sessions", agents, AgentSocket::sessionCount)
                    .description("Agents logged in over the WebSocket")
                    .register(registry);
        }
        if (events != null) {
            io.micrometer.core.instrument.Gauge.builder("cti.dashboard.streams", events, EventStream::clientCount)
                    .description("Dashboards following /api/events")
                    .register(registry);
        }
    }

    public InetSocketAddress start(String host, int port) {
        // Issue 11 item 10: tokens and passwords in clear text must not leave the machine by accident.
        if (!isLoopback(host) && !settings.tls() && !settings.allowPlainRemote()) {
            throw new CtiException(
                    org.hotline.cti.ErrorId.HTTP_INSECURE_BIND,
                    "refusing to serve plain HTTP on " + host
                            + ": set http.tls (certificateFile, privateKeyFile), or http.allowPlainRemote: true behind a TLS proxy");
        }
        if (settings.tls()) {
            try {
                tls = io.netty.handler.ssl.SslContextBuilder.forServer(
                                settings.tlsCertificate().toFile(),
                                settings.tlsPrivateKey().toFile())
                        .build();
            } catch (Exception e) {
                throw new CtiException(
                        org.hotline.cti.ErrorId.HTTP_TLS_FAILED,
                        "cannot load the TLS certificate " + settings.tlsCertificate() + " and key "
                                + settings.tlsPrivateKey() + ": " + e.getMessage(),
                        e);
            }
        }
        policy = new EdgePolicy(settings.hostsFor(host), settings.allowedOrigins());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        HttpServer.this.initChannel(ch);
                    }
                });
        try {
            channel = b.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new CtiException(
                    ErrorId.HTTP_BIND_FAILED, "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        quiet(boss);
        quiet(workers);
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Issue 14 item 4: a Netty event loop with nothing scheduled wakes every second (its purge
     * interval for cancelled tasks) even with no connection at all; on the API's three loops that
     * was three wake-ups a second of an idle server. One far-off no-op task makes each loop sleep
     * until there is I/O or work (cancelled tasks are removed when cancelled either way).
     */
    private static void quiet(EventLoopGroup group) {
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.HOURS);
        }
    }

    private void initChannel(SocketChannel ch) {
        if (!limits.admit(ch)) {
            ch.close(); // issue 11 item 8: over the global or per-address cap
            return;
        }
        connections.add(ch);
        if (tls != null) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast(new EdgeTimeouts(settings))
                .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192))
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new TooLargeHandler())
                .addLast(new TooLargeHandler.Aggregator(MAX_BODY_BYTES))
                .addLast(policy);
        if (agents != null) {
            ch.pipeline()
                    .addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/ws/agent")
                            .maxFramePayloadLength(MAX_FRAME_BYTES)
                            .checkStartsWith(false)
                            .build()))
                    .addLast(new LoginDeadline(settings.loginTimeout()))
                    // Clients may fragment a message; the limit holds for the whole message.
                    .addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES))
                    .addLast(new Offload(blocking, agents));
        }
        if (events != null) {
            ch.pipeline().addLast(events);
        }
        ch.pipeline().addLast(api);
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (events != null) {
            events.close();
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // Both groups at once, each ending only after 300 ms without new tasks: a closed
        // connection's channelInactive hops from an event loop to the blocking group (the agent
        // socket) and back, and with 2,000 agents those hops still run after the closes above.
        // Stopping one group first made every late hop a logged RejectedExecutionException
        // (1,100+ stack traces whenever a 2,000-agent server stopped).
        var loops = workers.shutdownGracefully(300, 5_000, TimeUnit.MILLISECONDS);
        var handlers = blocking.shutdownGracefully(300, 5_000, TimeUnit.MILLISECONDS);
        handlers.awaitUninterruptibly(6, TimeUnit.SECONDS);
        api.close();
        loops.awaitUninterruptibly(6, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
