package org.hotline.cti.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14 item 3: {@code java -jar benchmarks.jar agents [options]}. Starts the real server
 * ({@code cti-server.jar serve}, its own JVM, so its heap is its own) on a bench config with
 * {@code --agents} extra agent users, points its AMI at a {@link ScriptedAmi} in this process,
 * logs every agent into {@code /ws/agent} and one supervisor into the dashboard stream
 * ({@code /api/events}), then drives calls through the server as a PBX would (Newchannel,
 * QueueCallerJoin, AgentCalled → AgentConnect → Hangup) and measures, per pushed message, the
 * time from the AMI event leaving the "PBX" to the push arriving at the agent or dashboard.
 * Samples the server's heap from its own {@code /metrics} and, at the end, after a full GC.
 * A dashboard stream and an agent that never read show whether a slow consumer can grow the
 * server's memory.
 */
public final class AgentLoad {
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    private static final Pattern CALL_ID = Pattern.compile("\"callId\":\"([^\"]+)\"");
    private static final Pattern STEP = Pattern.compile("\"step\":\"([^\"]+)\"");
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    static final String SLOW_AGENT = "79999";

    private int agents = 2_000;
    private double rate = 50;
    private Duration hold = Duration.ofSeconds(30);
    private Duration ring = Duration.ofSeconds(1);
    private Duration duration = Duration.ofSeconds(60);
    private int port = 8086;
    private String heap = "256m";
    private Path jar = Path.of("cti-server/target/cti-server.jar");
    private Path repo = Path.of(".");
    private boolean jfr;

    private final String password = "bench-" + Long.toHexString(new SecureRandom().nextLong());
    private final Latencies agentLatency = new Latencies();
    private final Latencies dashLatency = new Latencies();
    /** "callId|step" → nanoTime the AMI event was written, one map per audience. */
    private final Map<String, Long> agentDue = new ConcurrentHashMap<>();
    private final Map<String, Long> dashDue = new ConcurrentHashMap<>();
    private final AtomicLong agentPushes = new AtomicLong();
    private final AtomicLong dashFrames = new AtomicLong();
    private final AtomicLong liveFrames = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentLoad() {
    }

    public static void main(String[] args) throws Exception {
        AgentLoad load = new AgentLoad();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agents" -> load.agents = Integer.parseInt(args[++i]);
                case "--rate" -> load.rate = Double.parseDouble(args[++i]);
                case "--hold" -> load.hold = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--duration" -> load.duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--port" -> load.port = Integer.parseInt(args[++i]);
                case "--heap" -> load.heap = args[++i];
                case "--jar" -> load.jar = Path.of(args[++i]);
                case "--repo" -> load.repo = Path.of(args[++i]);
                case "--jfr" -> load.jfr = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (agents [--agents 2000] [--rate 50 calls/s] "
                        + "[--hold 30 s] [--duration 60 s] [--port 8086] [--heap 256m] [--jar cti-server/target/cti-server.jar] [--repo .])");
            }
        }
        if (load.agents < 1 || load.agents > 9_999 || load.rate <= 0 || load.rate > 2_000) {
            throw new IllegalArgumentException("--agents 1..9999, --rate 0..2000 calls/s");
        }
        load.run();
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: build it first (mvn -B -q -DskipTests -pl cti-server package)");
        }
        Path dir = Files.createTempDirectory("cti-agent-load");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Process server = null;
        try (ScriptedAmi ami = new ScriptedAmi()) {
            Path config = writeConfig(dir, ami.port());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
            if (jfr) {
                cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve("server.jfr") + ",settings=profile,dumponexit=true");
            }
            cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--config", config.toString()));
            server = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            System.out.printf(Locale.ROOT, "server pid %d, -Xmx%s, http 127.0.0.1:%d, log %s%n", server.pid(), heap, port, dir.resolve("server.log"));
            waitFor("the server to listen and log in to the scripted AMI", Duration.ofSeconds(90),
                    () -> ami.connected() && metrics().contains("cti_ami_connected 1"));
            double heapIdle = heapAfterGc(server.pid());

            long t0 = System.nanoTime();
            List<Channel> agentChannels = loginAgents(group);
            double loginSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%,d agents logged in over /ws/agent in %.1f s (%,d AMI actions answered)%n",
                    agentChannels.size(), loginSeconds, ami.actions.get());
            Channel slowAgent = connectAgent(group, SLOW_AGENT, true);
            String token = login("supervisor");
            Channel dashboard = connectDashboard(group, token);
            Socket slowDashboard = slowDashboard(token);
            double heapLoggedIn = heapAfterGc(server.pid());

            Duration cpu0 = cpu(server);
            long calls = drive(ami);
            Duration cpu1 = cpu(server);
            // let the last pushes arrive
            waitFor("the last pushes", Duration.ofSeconds(10), () -> agentDue.isEmpty() && dashDue.isEmpty());
            double peak = this.heapPeak;
            double heapEnd = heapAfterGc(server.pid());

            String slowDashState = closedByServer(slowDashboard);
            String slowAgentState = slowAgentState(slowAgent);
            report(calls, loginSeconds, heapIdle, heapLoggedIn, peak, heapEnd, cpu1.minus(cpu0), slowDashState, slowAgentState,
                    dashboard.isActive());
            for (Channel ch : agentChannels) {
                ch.close();
            }
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(15, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    // --- the server and its config -------------------------------------------------------------

    private Path writeConfig(Path dir, int amiPort) throws IOException {
        Path cfg = repo.toAbsolutePath().normalize().resolve("config");
        String hash = lightHash(password);
        StringBuilder y = new StringBuilder();
        y.append("# written by benchmarks' agent load tool; the bench password hash uses few PBKDF2 iterations\n")
         .append("# so that logging in 2,000 agents measures the server, not the key derivation.\n")
         .append("http: {host: 127.0.0.1, port: ").append(port).append("}\n")
         .append("ami: {host: 127.0.0.1, port: ").append(amiPort).append(", username: bench, secret: bench, ")
         .append("inboundContexts: [from-enterprise], keepAlive: 30 seconds}\n")
         .append("database: {url: \"jdbc:h2:file:").append(dir.resolve("cti")).append("\", user: sa, password: \"\"}\n")
         .append("hotline:\n  zone: Asia/Shanghai\n  calendar: always-open\n")
         .append("  calendarDir: ").append(cfg.resolve("calendar")).append('\n')
         .append("  departments: ").append(cfg.resolve("departments.yaml")).append('\n')
         .append("  roster: ").append(cfg.resolve("roster.yaml")).append('\n')
         .append("callbacks: {celFile: ").append(dir.resolve("no-cel.csv")).append("}\n")
         .append("dialTests: {times: []}\n")
         .append("agi: {enabled: false}\n")
         .append("pbx: {dialplanDir: ").append(dir.resolve("dialplan")).append("}\n")
         .append("users:\n")
         .append("  - {name: supervisor, role: supervisor, passwordHash: \"").append(hash).append("\"}\n")
         .append("  - {name: \"").append(SLOW_AGENT).append("\", role: agent, passwordHash: \"").append(hash).append("\"}\n");
        for (int i = 0; i < agents; i++) {
            y.append("  - {name: \"").append(agent(i)).append("\", role: agent, passwordHash: \"").append(hash).append("\"}\n");
        }
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, y.toString());
        return file;
    }

    static String agent(int i) {
        return Integer.toString(70_000 + i);
    }

    /** The server's own hash format (PasswordHash), with 1,000 iterations instead of 120,000. */
    private static String lightHash(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 1_000, 256)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return "pbkdf2-sha256$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String metrics() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private volatile double heapPeak;

    /** Heap in use now, per the server's own jvm_memory_used_bytes{area="heap"}, in MiB. */
    private double heapNow() {
        Matcher m = HEAP.matcher(metrics());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        double mib = sum / (1 << 20);
        if (mib > heapPeak) {
            heapPeak = mib;
        }
        return mib;
    }

    /** Heap in use after a full GC (jcmd GC.run), in MiB: what the server really holds. */
    private double heapAfterGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        }
        return heapNow();
    }

    private static Duration cpu(Process p) {
        return p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login as " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(String what, Duration max, Check c) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    // --- agents ------------------------------------------------------------------------------

    private List<Channel> loginAgents(EventLoopGroup group) throws Exception {
        List<Channel> out = new ArrayList<>(agents);
        int batch = 100; // below the server's accept backlog; each batch logs in before the next connects
        for (int first = 0; first < agents; first += batch) {
            List<AgentHandler> pending = new ArrayList<>();
            for (int i = first; i < Math.min(agents, first + batch); i++) {
                AgentHandler h = new AgentHandler(agent(i), false);
                out.add(connect(group, "/ws/agent", h));
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

    private Channel connectAgent(EventLoopGroup group, String agent, boolean neverRead) throws Exception {
        AgentHandler h = new AgentHandler(agent, neverRead);
        Channel ch = connect(group, "/ws/agent", h);
        if (!h.loggedIn.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent " + agent + " did not log in: " + h.problem);
        }
        return ch;
    }

    private Channel connect(EventLoopGroup group, String path, SimpleChannelInboundHandler<?> handler) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + path);
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).maxFramePayloadLength(1 << 20).handleCloseFrames(false).build()),
                                handler);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
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
            String type = first(TYPE, text);
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
                agentPushes.incrementAndGet();
                Long sent = agentDue.remove(first(CALL_ID, text) + "|" + type);
                if (sent != null && measuring.get()) {
                    agentLatency.record(type, now - sent);
                }
            }
        }
    }

    private String slowAgentState(Channel ch) throws InterruptedException {
        AgentHandler h = (AgentHandler) ch.pipeline().last();
        ch.config().setAutoRead(true);
        ch.read();
        ch.closeFuture().await(SlowConsumersWait.SECONDS, TimeUnit.SECONDS);
        if (!ch.isActive()) {
            return h.closeCode == null ? "closed by the server (no close frame read)" : "closed by the server, code " + h.closeCode;
        }
        ch.close();
        return "still open (its pushes stayed below the agent water mark)";
    }

    /** How long to give a never-reading client to see the server's close once it reads again. */
    private static final class SlowConsumersWait {
        static final int SECONDS = 10;
    }

    // --- dashboard -----------------------------------------------------------------------------

    private Channel connectDashboard(EventLoopGroup group, String token) throws Exception {
        CountDownLatch hello = new CountDownLatch(1);
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(), new SseHandler(hello));
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/events?token=" + token);
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + port);
        req.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
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
            buf.append(c.content().toString(StandardCharsets.UTF_8));
            for (int end; (end = buf.indexOf("\n\n")) >= 0; ) {
                String frame = buf.substring(0, end);
                buf.delete(0, end + 2);
                frame(frame, now);
            }
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
            dashFrames.incrementAndGet();
            switch (type) {
                case "hello" -> hello.countDown();
                case "live" -> {
                    liveFrames.incrementAndGet();
                    liveBytes.addAndGet(frame.length());
                }
                case "call.updated" -> {
                    String key = first(CALL_ID, frame) + "|" + first(STEP, frame);
                    Long sent = dashDue.remove(key);
                    if (sent != null && measuring.get()) {
                        dashLatency.record("call.updated/" + first(STEP, frame), now - sent);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A dashboard that asks for the stream and never reads a byte of it. */
    private Socket slowDashboard(String token) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.getOutputStream().write(("GET /api/events?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Reads what the never-reading dashboard was sent, to see whether the server ended it. */
    private static String closedByServer(Socket s) throws IOException {
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
        return String.format(Locale.ROOT, "closed by the server after %,d bytes%s", total,
                bye ? ", ending with its 'closed' too-slow frame" : " (its backlog was dropped, no closing frame)");
    }

    // --- calls ---------------------------------------------------------------------------------

    private record Due(long at, int kind, long call) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Long.compare(at, o.at);
        }
    }

    /**
     * Drives calls at {@code rate} for {@code duration}: call k rings agent k mod agents, is
     * answered after {@code ring} and hung up after {@code hold}. Each step's AMI events are
     * written in one go; their write time is what push latency is measured from.
     */
    private long drive(ScriptedAmi ami) throws Exception {
        PriorityQueue<Due> queue = new PriorityQueue<>();
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        long end = start + duration.toNanos();
        long warm = start + Math.min(duration.toNanos() / 6, TimeUnit.SECONDS.toNanos(10));
        long next = start;
        long calls = 0;
        long sampleAt = start;
        int callIdx = 0;
        System.out.printf(Locale.ROOT, "driving %.0f calls/s for %d s (each rings %s s, talks %d s; ~%,.0f in progress), "
                + "latency measured after a %d s warm-up%n", rate, duration.toSeconds(), ring.toMillis() / 1000.0, hold.toSeconds(),
                rate * (ring.toSeconds() + hold.toSeconds()), TimeUnit.NANOSECONDS.toSeconds(warm - start));
        while (true) {
            long now = System.nanoTime();
            if (!measuring.get() && now >= warm) {
                measuring.set(true);
            }
            if (now >= sampleAt) {
                heapNow();
                sampleAt = now + TimeUnit.SECONDS.toNanos(5); // /metrics computes the day's stats: not too often
            }
            StringBuilder batch = new StringBuilder();
            List<String[]> marks = new ArrayList<>();
            while (next <= now && next < end) {
                long id = callIdx++;
                calls++;
                arrive(batch, marks, id);
                queue.add(new Due(next + ring.toNanos(), 1, id));
                queue.add(new Due(next + ring.toNanos() + hold.toNanos(), 2, id));
                next += interval;
            }
            while (!queue.isEmpty() && queue.peek().at() <= now) {
                Due d = queue.poll();
                if (d.kind() == 1) {
                    answer(batch, marks, d.call());
                } else {
                    hangUp(batch, marks, d.call());
                }
            }
            if (batch.length() > 0) {
                long t = System.nanoTime();
                for (String[] m : marks) {
                    (m[0].equals("agent") ? agentDue : dashDue).put(m[1], t);
                }
                if (!ami.send(batch.toString())) {
                    throw new IllegalStateException("the server's AMI connection dropped during the run");
                }
            }
            if (next >= end && queue.isEmpty()) {
                return calls;
            }
            Thread.sleep(1); // a load generator's tick, not a test's synchronisation
        }
    }

    private String uid(long call) {
        return "1795000000." + call;
    }

    private String agentOf(long call) {
        return agent((int) (call % agents));
    }

    private void arrive(StringBuilder b, List<String[]> marks, long call) {
        String u = uid(call);
        String ext = agentOf(call);
        b.append("Event: Newchannel\r\nChannel: PJSIP/caller-").append(call).append("\r\nChannelState: 4\r\n")
         .append("CallerIDNum: 1380").append(String.format(Locale.ROOT, "%07d", call % 10_000_000)).append("\r\nContext: from-enterprise\r\n")
         .append("Exten: 12345\r\nPriority: 1\r\nUniqueid: ").append(u).append("\r\nLinkedid: ").append(u).append("\r\n\r\n");
        b.append("Event: QueueCallerJoin\r\nChannel: PJSIP/caller-").append(call).append("\r\nQueue: enterprise-desk\r\nPosition: 1\r\n")
         .append("Count: 1\r\nUniqueid: ").append(u).append("\r\nLinkedid: ").append(u).append("\r\n\r\n");
        // The queue rings the never-reading agent too (ringall), first, so it is sent a push for every call.
        b.append("Event: AgentCalled\r\nChannel: PJSIP/caller-").append(call).append("\r\nQueue: enterprise-desk\r\nInterface: PJSIP/")
         .append(SLOW_AGENT).append("\r\nMemberName: ").append(SLOW_AGENT)
         .append("\r\nUniqueid: ").append(u).append("\r\nLinkedid: ").append(u).append("\r\n\r\n");
        b.append("Event: AgentCalled\r\nChannel: PJSIP/caller-").append(call).append("\r\nDestChannel: PJSIP/").append(ext)
         .append("-0001\r\nQueue: enterprise-desk\r\nInterface: PJSIP/").append(ext).append("\r\nMemberName: ").append(ext)
         .append("\r\nUniqueid: ").append(u).append("\r\nLinkedid: ").append(u).append("\r\n\r\n");
        marks.add(new String[]{"agent", u + "|call.offered"});
        marks.add(new String[]{"dash", u + "|arrived"});
        marks.add(new String[]{"dash", u + "|queued"});
        marks.add(new String[]{"dash", u + "|offered"});
    }

    private void answer(StringBuilder b, List<String[]> marks, long call) {
        String u = uid(call);
        String ext = agentOf(call);
        b.append("Event: AgentConnect\r\nChannel: PJSIP/caller-").append(call).append("\r\nQueue: enterprise-desk\r\nInterface: PJSIP/")
         .append(ext).append("\r\nMemberName: ").append(ext).append("\r\nHoldTime: 1\r\nUniqueid: ").append(u)
         .append("\r\nLinkedid: ").append(u).append("\r\n\r\n");
        marks.add(new String[]{"agent", u + "|call.answered"});
        marks.add(new String[]{"dash", u + "|answered"});
    }

    private void hangUp(StringBuilder b, List<String[]> marks, long call) {
        String u = uid(call);
        b.append("Event: Hangup\r\nChannel: PJSIP/caller-").append(call).append("\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n")
         .append("Uniqueid: ").append(u).append("\r\nLinkedid: ").append(u).append("\r\n\r\n");
        marks.add(new String[]{"agent", u + "|call.ended"});
        marks.add(new String[]{"dash", u + "|ended"});
    }

    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    // --- report --------------------------------------------------------------------------------

    private void report(long calls, double loginSeconds, double heapIdle, double heapLoggedIn, double heapPeak, double heapEnd,
                        Duration serverCpu, String slowDash, String slowAgent, boolean dashboardAlive) {
        System.out.printf(Locale.ROOT, "%n%s, load average %.2f, %d CPUs; %,d agents + 1 dashboard, %,d calls at %.0f/s over %d s%n",
                Instant.now(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), agents, calls, rate, duration.toSeconds());
        System.out.println("| to | message | count | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.print(agentLatency.table("agent"));
        System.out.print(dashLatency.table("dashboard"));
        System.out.printf(Locale.ROOT, "%nagent pushes received %,d; dashboard frames %,d (live list %,d frames, %,.0f KiB each on average)%n",
                agentPushes.get(), dashFrames.get(), liveFrames.get(), liveFrames.get() == 0 ? 0.0 : liveBytes.get() / 1024.0 / liveFrames.get());
        System.out.printf(Locale.ROOT, "unanswered at the end: %,d agent pushes, %,d dashboard steps (lost or late)%n", agentDue.size(), dashDue.size());
        System.out.printf(Locale.ROOT, "server heap (MiB, -Xmx%s): after a full GC idle %.1f, with %,d agents logged in %.1f, "
                + "after the run %.1f; highest sampled in use %.1f (garbage included)%n", heap, heapIdle, agents, heapLoggedIn, heapEnd, heapPeak);
        System.out.printf(Locale.ROOT, "server CPU during the calls: %.1f s over %d s (%.2f cores)%n",
                serverCpu.toMillis() / 1000.0, duration.toSeconds(), serverCpu.toMillis() / 1000.0 / duration.toSeconds());
        System.out.printf(Locale.ROOT, "agent logins: %.1f s for %,d%n", loginSeconds, agents);
        System.out.printf(Locale.ROOT, "never-reading dashboard stream: %s; never-reading agent (%s): %s; the reading dashboard %s%n",
                slowDash, SLOW_AGENT, slowAgent,
                dashboardAlive ? "still connected" : "was disconnected");
    }
}
