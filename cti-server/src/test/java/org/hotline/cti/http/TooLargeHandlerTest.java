package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile input: a chunked body (no Content-Length) over the limit. */
class TooLargeHandlerTest {
    @Test
    void aChunkedBodyOverTheLimitGetsTheJson413AndTheConnectionCloses() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new TooLargeHandler.Aggregator(16));
        DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/workorders");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ch.writeInbound(head);
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[32])));
        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(413);
        String body = r.content().toString(StandardCharsets.UTF_8);
        r.release();
        // Netty's own 413 had an empty body a client could not read an id from.
        assertThat(Json.MAPPER.readTree(body).at("/error/code").asText()).isEqualTo("payload-too-large");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }
}
