package org.hotline.cti.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent load test's clients, on two Netty threads: agents on {@code /ws/agent} (log in, then
 * read pushes into the {@link PushLog}), the dashboard on {@code /api/events}, and the two that
 * never read (an agent desktop that froze, a dashboard in a suspended tab).
 */
final class LoadClients implements AutoCloseable {
    /** How long a never-reading client, reading again at the end, waits to see the server's close. */
    private static final int CLOSE_WAIT_SECONDS = 10;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final int port;
    private final String password;
    private final PushLog log;

    LoadClients(int port, String password, PushLog log) {
        this.port = port;
        this.password = password;
        this.log = log;
    }

    List<Channel> loginAgents(int agents) throws Exception {
        List<Channel> out = new ArrayList<>(agents);
        int batch = 100; // below the server's accept backlog; each batch logs in before the next connects
        for (int first = 0; first < agents; first += batch) {
            List<AgentHandler> pending = new ArrayList<>();
            for (int i = first; i < Math.min(agents, first + batch); i++) {
                AgentHandler h = new AgentHandler(AgentLoad.agent(i), false);
                out.add(connect(h));
                pending.add(h);
            }
            for (AgentHandler h : pending) {
                if (!h.loggedIn.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("agent " + h.agent + " did not log in: " + h.problem);
                }
            }
        }
        return out;
    }

    Channel connectAgent(String agent, boolean neverRead) throws Exception {
        AgentHandler h = new AgentHandler(agent, neverRead);
        Channel ch = connect(h);
        if (!h.loggedIn.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent " + agent + " did not log in: " + h.problem);
        }
        return ch;
    }

    private Channel connect(SimpleChannelInboundHandler<?> handler) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/agent");
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(1 << 20),
                                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                                .webSocketUri(uri)
                                                .maxFramePayloadLength(1 << 20)
                                                .handleCloseFrames(false)
                                                .build()),
                                        handler);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
    }

    private final class AgentHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        final String agent;
        final boolean neverRead;
        final CountDownLatch loggedIn = new CountDownLatch(1);
        volatile String problem = "no reply";
        volatile Integer closeCode;

        AgentHandler(String agent, boolean neverRead) {
            this.agent = agent;
            this.neverRead = neverRead;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"login\",\"id\":\"login\",\"agent\":\"" + agent
                        + "\",\"password\":\"" + password + "\",\"extension\":\"" + agent + "\"}"));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            long now = System.nanoTime();
            if (frame instanceof CloseWebSocketFrame c) {
                closeCode = c.statusCode();
                return;
            }
            if (!(frame instanceof TextWebSocketFrame t)) {
                return;
            }
            String text = t.text();
            String type = PushLog.type(text);
            if (loggedIn.getCount() > 0) {
                if ("ok".equals(type)) {
                    loggedIn.countDown();
                    if (neverRead) {
                        ctx.channel().config().setAutoRead(false); // from now on, a desktop that froze
                    }
                } else {
                    problem = text;
                }
                return;
            }
            if (type != null && type.startsWith("call.")) {
                log.agentPush(type, text, now);
            }
        }
    }

    static String slowAgentState(Channel ch) throws InterruptedException {
        AgentHandler h = (AgentHandler) ch.pipeline().last();
        ch.config().setAutoRead(true);
        ch.read();
        ch.closeFuture().await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        if (!ch.isActive()) {
            return h.closeCode == null
                    ? "closed by the server (no close frame read)"
                    : "closed by the server, code " + h.closeCode;
        }
        ch.close();
        return "still open (its pushes stayed below the agent water mark)";
    }

    Channel connectDashboard(String token) throws Exception {
        CountDownLatch hello = new CountDownLatch(1);
        Channel ch = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(), new SseHandler(hello));
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/events");
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + port);
        req.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
        req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token); // not in the URL (a ticket would do too)
        ch.writeAndFlush(req);
        if (!hello.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no hello on the dashboard stream");
        }
        return ch;
    }

    private final class SseHandler extends SimpleChannelInboundHandler<Object> {
        private final StringBuilder buf = new StringBuilder();
        private final CountDownLatch hello;

        SseHandler(CountDownLatch hello) {
            this.hello = hello;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpContent c)) {
                return;
            }
            long now = System.nanoTime();
            // Scans only what is new (a live list of a few hundred KiB comes in many reads): this
            // thread also reads 1,000 agents' pushes, and the tool must not be what is slow.
            int from = Math.max(0, buf.length() - 1);
            buf.append(c.content().toString(StandardCharsets.UTF_8));
            int start = 0;
            for (int end; (end = buf.indexOf("\n\n", from)) >= 0; ) {
                frame(buf.substring(start, end), now);
                start = end + 2;
                from = start;
            }
            buf.delete(0, start);
        }

        private void frame(String frame, long now) {
            if (!frame.startsWith("event: ")) {
                int e = frame.indexOf("\nevent: ");
                if (e < 0) {
                    return;
                }
                frame = frame.substring(e + 1);
            }
            int nl = frame.indexOf('\n');
            String type = frame.substring(7, nl < 0 ? frame.length() : nl);
            log.dashFrames.incrementAndGet();
            switch (type) {
                case "hello" -> hello.countDown();
                case "live" -> {
                    log.liveFrames.incrementAndGet();
                    log.liveBytes.addAndGet(frame.length());
                }
                case "call.updated" -> log.callUpdated(frame, now);
                default -> {}
            }
        }
    }

    /** A dashboard that asks for the stream and never reads a byte of it. */
    Socket slowDashboard(String token) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.getOutputStream()
                .write(
                        ("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                                        + token + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Reads what the never-reading dashboard was sent, to see whether the server ended it. */
    static String closedByServer(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        byte[] tail = new byte[4096];
        int kept = 0;
        long total = 0;
        try (InputStream in = s.getInputStream()) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) >= 0; ) {
                // keep the last bytes only: a closing frame would be at the end
                int take = Math.min(n, tail.length);
                System.arraycopy(tail, take, tail, 0, tail.length - take);
                System.arraycopy(b, n - take, tail, tail.length - take, take);
                kept = Math.min(tail.length, kept + n);
                total += n;
            }
        } catch (java.net.SocketTimeoutException e) {
            return String.format(Locale.ROOT, "NOT closed (%,d bytes were waiting for it)", total);
        } catch (java.net.SocketException e) {
            return String.format(Locale.ROOT, "closed by the server (reset after %,d bytes)", total);
        }
        boolean bye = new String(tail, tail.length - kept, kept, StandardCharsets.UTF_8).contains("too-slow");
        return String.format(
                Locale.ROOT,
                "closed by the server after %,d bytes%s",
                total,
                bye ? ", ending with its 'closed' too-slow frame" : " (its backlog was dropped, no closing frame)");
    }

    // --- the client's own share -----------------------------------------------------------------

    private final List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> loopThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean probing;
    private long loopCpu0;

    /**
     * Every 2 ms hands a task to each client event loop and notes how long it waited to run:
     * a push read by that loop waits about as long behind the loop's other work (2,000 agents
     * and the dashboard on 2 threads) and for a core. Also notes the loops' CPU from now on.
     */
    void startLagProbe() throws InterruptedException {
        CountDownLatch seen = new CountDownLatch(2);
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.execute(() -> {
                loopThreads.add(Thread.currentThread());
                seen.countDown();
            });
        }
        seen.await(10, TimeUnit.SECONDS);
        loopCpu0 = loopCpu();
        probing = true;
        Thread probe = new Thread(
                () -> {
                    while (probing) {
                        for (io.netty.util.concurrent.EventExecutor loop : group) {
                            long t = System.nanoTime();
                            loop.execute(() -> lags.add(System.nanoTime() - t));
                        }
                        try {
                            Thread.sleep(2); // a probe's period, not a test's synchronisation
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "lag-probe");
        probe.setDaemon(true);
        probe.start();
    }

    void stopLagProbe() {
        probing = false;
        loopCpu0 = loopCpu() - loopCpu0;
    }

    /** CPU the client event loops used between start and stop of the probe. */
    long loopCpuNanos() {
        return loopCpu0;
    }

    private long loopCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : loopThreads) {
            sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    long lagPercentile(double p) {
        long[] v;
        synchronized (lags) {
            v = lags.stream().mapToLong(Long::longValue).toArray();
        }
        if (v.length == 0) {
            return 0;
        }
        java.util.Arrays.sort(v);
        return Latencies.pct(v, p);
    }

    @Override
    public void close() {
        probing = false;
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
