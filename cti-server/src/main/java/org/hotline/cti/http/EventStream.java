package org.hotline.cti.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;

/**
 * {@code GET /api/events}: Server-Sent Events for the supervisor dashboard. Every live event
 * goes out as {@code event: TYPE}; after any change a fresh {@code stats} snapshot follows within
 * {@value #STATS_EVERY_MS} ms, and after a call change the {@code live} list within {@value #LIVE_EVERY_MS} ms
 * (both coalesced: a burst of calls costs one computation, and the live list — a few hundred KiB
 * with 2,000 calls in progress — is not serialised per call event). A dashboard that stops
 * reading is dropped above its write-buffer water mark ({@link SlowConsumers}); EventSource
 * reconnects by itself. EventSource cannot set headers,
 * so it comes with {@code ?ticket=} from {@code POST /api/events/ticket} (single use, 30 s).
 */
@ChannelHandler.Sharable
public final class EventStream extends ChannelInboundHandlerAdapter implements AutoCloseable {
    private final AuthService auth;
    private final DailyStats stats;
    private final java.util.function.Supplier<Object> live;
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();

    /** Dashboards following the event stream right now. */
    public int clientCount() {
        return clients.size();
    }

    static final long LIVE_EVERY_MS = 200;
    static final long STATS_EVERY_MS = 500;
    static final long KEEP_ALIVE_SECONDS = 15;
    private final AtomicBoolean statsDue = new AtomicBoolean();
    private final AtomicBoolean liveDue = new AtomicBoolean();
    /** Whether the flushes run on {@link #timer} (false in unit tests, which call them). */
    private final boolean timers;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse");
        t.setDaemon(true);
        return t;
    });

    public EventStream(
            AuthService auth, DailyStats stats, java.util.function.Supplier<Object> live, LiveEvents events) {
        this(auth, stats, live, events, true);
    }

    /** @param timers false in unit tests, which call {@link #flushStats()} and {@link #flushLive()} themselves */
    EventStream(
            AuthService auth,
            DailyStats stats,
            java.util.function.Supplier<Object> live,
            LiveEvents events,
            boolean timers) {
        this.auth = auth;
        this.stats = stats;
        this.live = live;
        this.timers = timers;
        // Issue 14 item 4: nothing runs while no dashboard follows the stream. A flush is
        // scheduled once, by the first change after the last flush (so a burst still costs one),
        // and the keep-alive runs on each stream's own event loop while it is open: an idle
        // server with no dashboard wakes no thread here (it used to, seven times a second).
        events.subscribe(this::publish, this::reaches);
    }

    /** The stream sends every live event, so it wants them all while a dashboard follows it. */
    private boolean reaches(String toUser, String toExtension) {
        return !clients.isEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)
                || !new QueryStringDecoder(req.uri()).path().equals("/api/events")) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            List<String> t = qs.parameters().get("ticket");
            String token = ApiHandler.bearer(req);
            Session s;
            try {
                // Issue 11 item 7: a token in a URL ends up in logs and history; a ticket is single-use and dies in 30
                // s.
                s = t != null && !t.isEmpty() ? auth.redeem(t.get(0)) : auth.authenticate(token);
                auth.require(s, Role.SUPERVISOR);
            } catch (CtiException e) {
                ApiHandler.write(ctx, req, ApiErrors.body(e.error(), e.getMessage()));
                return;
            }
            HttpResponse head = new DefaultHttpResponse(req.protocolVersion(), HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            ctx.channel().config().setWriteBufferWaterMark(SlowConsumers.DASHBOARD);
            ctx.write(head);
            ctx.writeAndFlush(chunk("retry: 2000\n\n" + frame("hello", Map.of("user", s.user()))
                    + frame("stats", stats.today()) + frame("live", live.get())));
            Channel ch = ctx.channel();
            clients.add(ch);
            var keepAlive = ch.eventLoop()
                    .scheduleWithFixedDelay(
                            () -> sendTo(ch, ": keep-alive\n\n"),
                            KEEP_ALIVE_SECONDS,
                            KEEP_ALIVE_SECONDS,
                            TimeUnit.SECONDS);
            ch.closeFuture().addListener(f -> {
                keepAlive.cancel(false);
                clients.remove(ch);
            });
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void publish(LiveEvents.Event e) {
        if (clients.isEmpty()) {
            return;
        }
        send(frame(e.type(), e.data()));
        if (e.type().startsWith("call.") && !liveDue.getAndSet(true) && timers) {
            schedule(this::flushLive, LIVE_EVERY_MS);
        }
        if (!statsDue.getAndSet(true) && timers) {
            schedule(this::flushStats, STATS_EVERY_MS);
        }
    }

    private void schedule(Runnable flush, long delayMs) {
        try {
            timer.schedule(flush, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopping: no more flushes.
        }
    }

    void flushLive() {
        if (liveDue.getAndSet(false) && !clients.isEmpty()) {
            send(frame("live", live.get()));
        }
    }

    void flushStats() {
        if (statsDue.getAndSet(false) && !clients.isEmpty()) {
            send(frame("stats", stats.today()));
        }
    }

    private void send(String text) {
        for (Channel ch : clients) {
            sendTo(ch, text);
        }
    }

    private static void sendTo(Channel ch, String text) {
        if (SlowConsumers.admit(ch, "dashboard stream", () -> chunk(frame("closed", Map.of("reason", "too-slow"))))) {
            ch.writeAndFlush(chunk(text));
        }
    }

    private static String frame(String type, Object data) {
        return "event: " + type + "\ndata: " + Json.text(data) + "\n\n";
    }

    private static DefaultHttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
