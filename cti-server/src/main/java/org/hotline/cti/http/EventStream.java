package org.hotline.cti.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import org.hotline.cti.domain.call.CallRecord;

/**
 * {@code GET /api/events}: Server-Sent Events for the supervisor dashboard. Every live event
 * goes out as {@code event: TYPE}; after any change a fresh {@code stats} snapshot follows within
 * {@value #STATS_EVERY_MS} ms (or, should computing one take longer than {@value #STATS_EVERY_MS} /
 * {@value #STATS_COST_SHARE} ms, {@value #STATS_COST_SHARE} times its cost after the last, so it
 * never takes more than 1/{@value #STATS_COST_SHARE} of a core; today's counts are kept as calls
 * are written, {@link DailyStats#today()}, so it seldom does), and after a call change the {@code live} list within {@value #LIVE_EVERY_MS} ms
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
    private final java.util.function.Supplier<List<CallRecord>> liveCalls;
    private final LiveList live = new LiveList();
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();

    /** Dashboards following the event stream right now. */
    public int clientCount() {
        return clients.size();
    }

    static final long LIVE_EVERY_MS = 200;
    static final long STATS_EVERY_MS = 500;
    static final long KEEP_ALIVE_SECONDS = 15;
    /** A stats snapshot is computed at most once per this many times its own cost (issue 14 item 3). */
    static final long STATS_COST_SHARE = 20;

    private final java.util.function.LongSupplier nanos;
    /** Before this {@link #nanos} time no stats snapshot is computed; only the flush's thread touches it. */
    private long statsNotBefore;

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
            AuthService auth,
            DailyStats stats,
            java.util.function.Supplier<List<CallRecord>> liveCalls,
            LiveEvents events) {
        this(auth, stats, liveCalls, events, true, System::nanoTime);
    }

    /** @param timers false in unit tests, which call {@link #flushStats()} and {@link #flushLive()} themselves */
    EventStream(
            AuthService auth,
            DailyStats stats,
            java.util.function.Supplier<List<CallRecord>> liveCalls,
            LiveEvents events,
            boolean timers) {
        this(auth, stats, liveCalls, events, timers, System::nanoTime);
    }

    /** @param nanos the clock that measures what a stats snapshot costs */
    EventStream(
            AuthService auth,
            DailyStats stats,
            java.util.function.Supplier<List<CallRecord>> liveCalls,
            LiveEvents events,
            boolean timers,
            java.util.function.LongSupplier nanos) {
        this.nanos = nanos;
        this.statsNotBefore = nanos.getAsLong();
        this.auth = auth;
        this.stats = stats;
        this.liveCalls = liveCalls;
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
            List<String> t;
            try {
                t = new QueryStringDecoder(req.uri()).parameters().get("ticket");
            } catch (IllegalArgumentException e) {
                // "?ticket=%" threw out of this handler and the connection closed without an answer.
                ApiHandler.write(
                        ctx,
                        req,
                        ApiErrors.body(
                                org.hotline.cti.ErrorId.BAD_REQUEST,
                                "malformed percent-encoding in the query: " + EdgePolicy.printable(e.getMessage())));
                return;
            }
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
            ByteBuf first = ByteBufAllocator.DEFAULT.buffer(liveSizeHint + 4096);
            try {
                first.writeCharSequence("retry: 2000\n\n", StandardCharsets.US_ASCII);
                frame(first, "hello", Map.of("user", s.user()));
                frame(first, "stats", stats.today());
                live.frame(first, liveCalls.get());
            } catch (RuntimeException e) {
                first.release();
                throw e;
            }
            ctx.writeAndFlush(new DefaultHttpContent(first));
            Channel ch = ctx.channel();
            clients.add(ch);
            var keepAlive = ch.eventLoop()
                    .scheduleWithFixedDelay(
                            () -> sendTo(ch, Unpooled.copiedBuffer(": keep-alive\n\n", StandardCharsets.US_ASCII)),
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
        send(frame(e.type(), e.data(), 512));
        if (e.type().startsWith("call.")) {
            due(liveDue, this::flushLive, LIVE_EVERY_MS);
        }
        due(statsDue, this::flushStats, STATS_EVERY_MS);
    }

    /** Marks a flush due; the first change since the last flush schedules it (a burst costs one). */
    private void due(AtomicBoolean flag, Runnable flush, long delayMs) {
        if (!flag.getAndSet(true) && timers) {
            schedule(flush, delayMs);
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
            ByteBuf f = ByteBufAllocator.DEFAULT.buffer(liveSizeHint);
            try {
                live.frame(f, liveCalls.get());
            } catch (RuntimeException e) {
                f.release();
                throw e;
            }
            liveSizeHint = Math.max(4096, f.readableBytes() + f.readableBytes() / 8);
            send(f);
        }
    }

    /**
     * Sends a fresh stats snapshot if anything changed since the last one, unless the last one
     * cost more than 1/{@value #STATS_COST_SHARE} of the time since: then it stays due and is
     * sent when that time has passed (a day of many thousand calls at tens of calls a second must
     * not keep a core busy re-reading the day; issue 14 item 3).
     */
    void flushStats() {
        if (!statsDue.get() || clients.isEmpty()) {
            statsDue.set(false);
            return;
        }
        long start = nanos.getAsLong();
        long wait = statsNotBefore - start;
        if (wait > 0) {
            if (timers) {
                schedule(this::flushStats, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
            }
            return;
        }
        statsDue.set(false);
        ByteBuf f = frame("stats", stats.today(), 4096);
        statsNotBefore = start + (nanos.getAsLong() - start) * STATS_COST_SHARE;
        send(f);
    }

    /**
     * Sends one encoded frame to every dashboard: each gets a duplicate of the same bytes (no copy
     * per client), and {@code frame} is released here.
     */
    private void send(ByteBuf frame) {
        try {
            for (Channel ch : clients) {
                sendTo(ch, frame.retainedDuplicate());
            }
        } finally {
            frame.release();
        }
    }

    /** Writes {@code frame} (released here if not written) unless {@code ch} is too slow to take it. */
    private static void sendTo(Channel ch, ByteBuf frame) {
        if (SlowConsumers.admit(ch, "dashboard stream", EventStream::tooSlow)) {
            ch.writeAndFlush(new DefaultHttpContent(frame));
        } else {
            frame.release();
        }
    }

    private static Object tooSlow() {
        return new DefaultHttpContent(frame("closed", Map.of("reason", "too-slow"), 64));
    }

    /**
     * The live list's last size: its next buffer starts that large, instead of growing by copies
     * from a small one (a few hundred KiB with 2,000 calls in progress).
     */
    private volatile int liveSizeHint = 4096;

    /** {@code event: TYPE\ndata: JSON\n\n}, the JSON written straight as UTF-8 bytes (no String, no copies). */
    private static ByteBuf frame(String type, Object data, int sizeHint) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(sizeHint);
        try {
            frame(b, type, data);
            return b;
        } catch (RuntimeException e) {
            b.release();
            throw e;
        }
    }

    private static void frame(ByteBuf out, String type, Object data) {
        out.writeCharSequence("event: ", StandardCharsets.US_ASCII);
        out.writeCharSequence(type, StandardCharsets.UTF_8);
        out.writeCharSequence("\ndata: ", StandardCharsets.US_ASCII);
        Json.write(out, data);
        out.writeCharSequence("\n\n", StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * The {@code live} frame, {@code {"calls":[…]}} with {@link CoreApi#live} per call: a call's
     * JSON is kept from the previous list while the call is unchanged (the call model hands out
     * the same immutable record until the call changes), so a list of 1,500 calls costs the
     * encoding of the few that changed plus one copy, not 1,500 maps and their JSON 5 times a
     * second (issue 14 item 3). The bytes are those of {@code Json.text(Map.of("calls", …))}.
     */
    static final class LiveList {
        private static final byte[] OPEN = "event: live\ndata: {\"calls\":[".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CLOSE = "]}\n\n".getBytes(StandardCharsets.US_ASCII);
        private java.util.IdentityHashMap<CallRecord, byte[]> encoded = new java.util.IdentityHashMap<>();

        synchronized void frame(ByteBuf out, List<CallRecord> calls) {
            java.util.IdentityHashMap<CallRecord, byte[]> next = new java.util.IdentityHashMap<>(calls.size() * 2);
            out.writeBytes(OPEN);
            boolean first = true;
            for (CallRecord c : calls) {
                byte[] json = encoded.get(c);
                if (json == null) {
                    json = Json.utf8(CoreApi.live(c));
                }
                next.put(c, json);
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                out.writeBytes(json);
            }
            out.writeBytes(CLOSE);
            encoded = next;
        }
    }
}
