package org.hotline.cti.http;

import org.hotline.cti.ErrorId;

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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each aggregated request, checks its bearer token and role, and turns errors into the
 * contract's {@code {"error": {"code", "message"}}}. Runs on a separate executor group because
 * handlers may touch the database.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final AuthService auth;

    ApiHandler(Router router, AuthService auth) {
        this.router = router;
        this.auth = auth;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            write(ctx, req, ApiErrors.body(ErrorId.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        HttpResponse resp;
        try {
            Router.Match m = router.match(req.method(), qs.path());
            Session session = null;
            if (m.entry().role() != null) {
                session = auth.authenticate(bearer(req));
                auth.require(session, m.entry().role());
            }
            HttpRequest r = new HttpRequest(req.method(), qs.path(), qs.parameters(), m.params(),
                    ByteBufUtil.getBytes(req.content()), session, remoteAddress(ctx));
            resp = m.entry().route().handle(r);
        } catch (CtiException e) {
            resp = ApiErrors.body(e.error(), ApiErrors.clientMessage(e), e.details());
        } catch (Exception e) {
            log.error("{} {} failed", req.method(), qs.path(), e);
            resp = ApiErrors.body(ErrorId.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
        }
        write(ctx, req, resp);
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
        FullHttpResponse out = new DefaultFullHttpResponse(req.protocolVersion(), resp.status(), Unpooled.wrappedBuffer(resp.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        resp.headers().forEach(out.headers()::set);
        HttpUtil.setContentLength(out, resp.body().length);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(out, keepAlive);
        var f = ctx.writeAndFlush(out);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
