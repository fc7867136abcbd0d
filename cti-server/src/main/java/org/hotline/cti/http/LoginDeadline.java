package org.hotline.cti.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /ws/agent} connection that has not logged in {@code loginTimeout} after the upgrade is
 * closed with 1008 {@code login-timeout} (issue 11 item 8: 200 WebSockets that never log in
 * stayed open for ever).
 */
final class LoginDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LoginDeadline.class);
    private final Duration timeout;

    LoginDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.executor()
                    .schedule(
                            () -> {
                                if (ctx.channel().isActive() && !AgentSocket.loggedIn(ctx.channel())) {
                                    log.info(
                                            "closing agent connection from {}: no login within {} s",
                                            ctx.channel().remoteAddress(),
                                            timeout.toSeconds());
                                    ctx.writeAndFlush(new CloseWebSocketFrame(
                                                    WebSocketCloseStatus.POLICY_VIOLATION, "login-timeout"))
                                            .addListener(ChannelFutureListener.CLOSE);
                                    ctx.executor().schedule(() -> ctx.channel().close(), 2, TimeUnit.SECONDS);
                                }
                            },
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
        super.userEventTriggered(ctx, evt);
    }
}
