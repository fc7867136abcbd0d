package org.hotline.cti.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.hotline.cti.ErrorId;

/**
 * Answers an oversized request with the contract's JSON 413 before the aggregator buffers it
 * (the aggregator's own reply has no body a client could read).
 */
final class TooLargeHandler extends ChannelInboundHandlerAdapter {
    private boolean discarding;

    /**
     * A chunked body has no Content-Length to refuse it by above: the aggregator finds it too large
     * on the way, and its own 413 had an empty body. This one answers the contract's JSON, then closes.
     */
    static final class Aggregator extends io.netty.handler.codec.http.HttpObjectAggregator {
        Aggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage m) {
            // The aggregator releases m itself after this returns.
            FullHttpResponse out = payloadTooLarge();
            HttpUtil.setKeepAlive(out, false);
            ctx.writeAndFlush(out).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            discarding = HttpUtil.getContentLength(req, 0L) > HttpServer.MAX_BODY_BYTES;
            if (discarding) {
                ReferenceCountUtil.release(msg);
                FullHttpResponse out = payloadTooLarge();
                // Answer now, but read (and drop) the rest of the body before closing: closing while
                // the client still sends resets the connection and it never sees the 413.
                ctx.writeAndFlush(out);
                return;
            }
        } else if (discarding) {
            boolean last = msg instanceof io.netty.handler.codec.http.LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                discarding = false;
                ctx.close();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** 413 payload-too-large as JSON, the one answer to a body over the limit however it was sent. */
    private static FullHttpResponse payloadTooLarge() {
        HttpResponse body = ApiErrors.body(
                ErrorId.PAYLOAD_TOO_LARGE, "request body larger than " + HttpServer.MAX_BODY_BYTES + " bytes");
        FullHttpResponse out =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, body.status(), Unpooled.wrappedBuffer(body.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
        HttpUtil.setContentLength(out, body.body().length);
        return out;
    }
}
