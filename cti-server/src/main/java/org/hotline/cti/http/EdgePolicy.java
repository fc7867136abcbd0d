package org.hotline.cti.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser-facing checks on every whole request (issue 11 item 10), before any route, the
 * WebSocket upgrade or the event stream sees it:
 * <ul>
 * <li>the {@code Host} must name this server (421 {@code bad-host}): a DNS-rebinding page that
 * resolves evil.example to 127.0.0.1 still sends {@code Host: evil.example};</li>
 * <li>a browser's {@code Origin}, when sent, must be this server or a configured origin for the
 * agent WebSocket and for every state-changing method (403 {@code bad-origin}): any page an agent
 * opens could otherwise drive their desk. Non-browser clients send no Origin and pass.</li>
 * </ul>
 */
@io.netty.channel.ChannelHandler.Sharable
final class EdgePolicy extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EdgePolicy.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Set<String> hosts;
    private final Set<String> origins;

    EdgePolicy(Set<String> hosts, Set<String> origins) {
        this.hosts = hosts;
        this.origins = origins;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        EdgeTimeouts.requestReceived(ctx.channel());
        if (!req.decoderResult().isSuccess()) {
            // Netty's decoder gave up (a 10,000-character URL, a huge header, garbage): the request
            // has no headers, so the Host check below answered "does not answer to Host ''".
            refuseMalformed(ctx, req, req.decoderResult().cause());
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException e) {
            // "/api/workorders/%" threw here, and the connection closed without an answer.
            refuse(
                    ctx,
                    req,
                    org.hotline.cti.ErrorId.BAD_REQUEST,
                    "malformed percent-encoding in the URL: " + printable(e.getMessage()));
            return;
        }
        String host = hostName(req.headers().get(HttpHeaderNames.HOST));
        if (host == null || !hosts.contains(host)) {
            refuse(
                    ctx,
                    req,
                    org.hotline.cti.ErrorId.BAD_HOST,
                    "this server does not answer to Host '"
                            + printable(req.headers().get(HttpHeaderNames.HOST))
                            + "'; add it to http.allowedHosts if it is really this server's name");
            return;
        }
        boolean upgrade = path.equals("/ws/agent")
                && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && (upgrade || !SAFE.contains(req.method())) && !originAllowed(origin)) {
            refuse(
                    ctx,
                    req,
                    org.hotline.cti.ErrorId.BAD_ORIGIN,
                    "requests from the web page at " + printable(origin) + " are not accepted");
            return;
        }
        if (upgrade) {
            EdgeTimeouts.websocket(ctx.channel());
        } else if (path.equals("/api/events")) {
            EdgeTimeouts.longLived(ctx.channel());
        }
        ctx.fireChannelRead(msg);
    }

    private boolean originAllowed(String origin) {
        String o = origin.toLowerCase(Locale.ROOT).strip();
        if (origins.contains(o)) {
            return true;
        }
        try {
            URI u = new URI(o);
            return u.getHost() != null
                    && (u.getScheme().equals("http") || u.getScheme().equals("https"))
                    && hosts.contains(u.getHost());
        } catch (Exception e) {
            return false; // "null" (sandboxed frames, file://) and anything unparsable
        }
    }

    /** {@code host:port}, {@code [::1]:port} → the name alone, lower case; null when absent. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static void refuseMalformed(ChannelHandlerContext ctx, FullHttpRequest req, Throwable cause) {
        org.hotline.cti.ErrorId id;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            id = org.hotline.cti.ErrorId.URI_TOO_LONG;
            message = "the request line (method, URL, version) is longer than " + HttpServer.MAX_INITIAL_LINE_BYTES
                    + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            id = org.hotline.cti.ErrorId.HEADERS_TOO_LARGE;
            message = "the request's headers are larger than " + HttpServer.MAX_HEADER_BYTES + " bytes";
        } else {
            id = org.hotline.cti.ErrorId.BAD_REQUEST;
            message = "malformed HTTP request: " + printable(cause == null ? "" : cause.getMessage());
        }
        try {
            log.info("refused a malformed request from {}: {}", ctx.channel().remoteAddress(), id);
            // Close after answering: the decoder discards everything after a failure anyway.
            ApiHandler.writeAndClose(ctx, ApiErrors.body(id, message));
        } finally {
            ReferenceCountUtil.release(req);
        }
    }

    private static void refuse(
            ChannelHandlerContext ctx, FullHttpRequest req, org.hotline.cti.ErrorId id, String message) {
        log.warn(
                "refused {} {} from {}: {}",
                req.method(),
                printable(rawPath(req.uri())),
                ctx.channel().remoteAddress(),
                id);
        try {
            ApiHandler.write(ctx, req, ApiErrors.body(id, message));
        } finally {
            ReferenceCountUtil.release(req);
        }
    }

    /** The URL up to its query, undecoded: a malformed escape must not throw while we log it. */
    private static String rawPath(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }
}
