package org.hotline.cti.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each aggregated request, checks its bearer token and role, and turns errors into the
 * contract's {@code {"error": {"code", "message"}}}. Handlers may block (database, PBX), so they
 * run on bounded pools, never on the event loop, and a full pool answers 503 {@code server-busy}
 * at once (issue 11 item 8). Requests known to wait on the PBX for long (dialplan load, call-back
 * dial, /api/agents) have their own small pool, so one slow call cannot stall the others. While
 * a connection's request runs, its reads pause, so answers keep their order.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    /** Routes that wait on the PBX or a long file operation. */
    static final Pattern SLOW = Pattern.compile(
            "/api/admin/dialplan.*|/api/agents|/api/callbacks/[^/]+/dial|/api/returnvisits/[^/]+/dial|/api/dialtests/run");

    private final Router router;
    private final AuthService auth;
    private final ThreadPoolExecutor requests;
    private final ThreadPoolExecutor slow;

    ApiHandler(Router router, AuthService auth, HttpSettings s) {
        this.router = router;
        this.auth = auth;
        this.requests = pool("http-request", s.requestThreads(), s.requestQueue());
        this.slow = pool("http-slow", s.slowThreads(), s.slowQueue());
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** What a request handler needs after Netty has released the request. */
    private record Incoming(
            HttpMethod method,
            String uri,
            HttpVersion version,
            boolean keepAlive,
            String bearer,
            byte[] body,
            String remoteAddress,
            String accept,
            long receivedNanos) {}

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            write(ctx, req, ApiErrors.body(ErrorId.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        Incoming in = new Incoming(
                req.method(),
                req.uri(),
                req.protocolVersion(),
                HttpUtil.isKeepAlive(req),
                bearer(req),
                ByteBufUtil.getBytes(req.content()),
                remoteAddress(ctx),
                req.headers().get(io.netty.handler.codec.http.HttpHeaderNames.ACCEPT),
                System.nanoTime());
        String path = new QueryStringDecoder(in.uri()).path();
        ThreadPoolExecutor pool = SLOW.matcher(path).matches() ? slow : requests;
        ctx.channel().config().setAutoRead(false);
        try {
            pool.execute(() -> write(ctx, in.version(), in.keepAlive(), handle(in)));
        } catch (RejectedExecutionException e) {
            log.warn(
                    "{} {} from {}: server busy ({} pool full)",
                    in.method(),
                    path,
                    in.remoteAddress(),
                    pool == slow ? "slow-request" : "request");
            write(
                    ctx,
                    in.version(),
                    in.keepAlive(),
                    ApiErrors.body(
                            ErrorId.SERVER_BUSY,
                            "the server is busy; try again in a moment",
                            Map.of("retryAfterSeconds", 1)));
        }
    }

    private HttpResponse handle(Incoming in) {
        QueryStringDecoder qs = new QueryStringDecoder(in.uri());
        Map<String, java.util.List<String>> query;
        try {
            query = qs.parameters();
        } catch (IllegalArgumentException e) {
            // "?q=%" was a 500 internal-error with a stack trace in the log.
            return ApiErrors.body(
                    ErrorId.BAD_REQUEST,
                    "malformed percent-encoding in the query: " + EdgePolicy.printable(e.getMessage()));
        }
        try {
            Router.Match m = router.match(in.method(), qs.path());
            Session session = null;
            if (m.entry().role() != null) {
                session = auth.authenticate(in.bearer());
                auth.require(session, m.entry().role());
            } else if (in.bearer() != null) {
                session = optionalSession(in.bearer()); // public routes say more to a logged-in caller
            }
            HttpRequest r = new HttpRequest(
                    in.method(),
                    qs.path(),
                    query,
                    m.params(),
                    in.body(),
                    session,
                    in.remoteAddress(),
                    in.bearer(),
                    in.accept(),
                    in.receivedNanos());
            return m.entry().route().handle(r);
        } catch (CtiException e) {
            return ApiErrors.body(e.error(), ApiErrors.clientMessage(e), e.details());
        } catch (Exception e) {
            log.error("{} {} failed", in.method(), qs.path(), e);
            return ApiErrors.body(
                    ErrorId.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private Session optionalSession(String bearer) {
        try {
            return auth.authenticate(bearer);
        } catch (CtiException e) {
            return null;
        }
    }

    /** The peer's IP address, without port (back-off is per address, not per connection). */
    static String remoteAddress(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return "unknown";
    }

    static String bearer(FullHttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }

    static void write(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponse resp) {
        write(ctx, req.protocolVersion(), HttpUtil.isKeepAlive(req), resp);
    }

    /** Answers and closes: the request could not be read, so nothing after it on the connection can be. */
    static void writeAndClose(ChannelHandlerContext ctx, HttpResponse resp) {
        write(ctx, HttpVersion.HTTP_1_1, false, resp);
    }

    private static void write(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive, HttpResponse resp) {
        FullHttpResponse out = new DefaultFullHttpResponse(version, resp.status(), Unpooled.wrappedBuffer(resp.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        resp.headers().forEach(out.headers()::set);
        HttpUtil.setContentLength(out, resp.body().length);
        HttpUtil.setKeepAlive(out, keepAlive);
        var f = ctx.writeAndFlush(out);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void close() {
        requests.shutdownNow();
        slow.shutdownNow();
    }
}
