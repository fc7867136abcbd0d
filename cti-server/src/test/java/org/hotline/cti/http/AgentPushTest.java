package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.Telephony;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pushes on /ws/agent: found by extension or user without scanning, and never queued without bound (issue 14). */
class AgentPushTest {
    private static String hash;
    private final LiveEvents events = new LiveEvents();
    private final List<String> readyCalls = new ArrayList<>();

    @BeforeAll
    static void hashOnce() {
        hash = PasswordHash.hash("pw");
    }

    private AgentSocket socket() {
        Telephony pbx = (Telephony) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Telephony.class}, (proxy, m, args) -> {
                    if (m.getName().equals("agentReady")) {
                        readyCalls.add(args[0] + "=" + args[1]);
                    } else if (m.getName().equals("agentGone")) {
                        readyCalls.add(args[0] + "=gone");
                    }
                    return m.getReturnType() == CompletableFuture.class
                            ? CompletableFuture.completedFuture(null)
                            : null;
                });
        AuthService auth = new AuthService(
                List.of(new User("8001", Role.AGENT, "8001", hash), new User("8002", Role.AGENT, "8002", hash)),
                Clock.systemUTC());
        return new AgentSocket(
                auth,
                null,
                null,
                null,
                pbx,
                new org.hotline.cti.app.AgentPresence(pbx, () -> CompletableFuture.completedFuture(List.of()), events),
                events,
                id -> java.util.Optional.empty());
    }

    private static EmbeddedChannel loggedIn(AgentSocket socket, String agent) {
        EmbeddedChannel ch = new EmbeddedChannel(socket);
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"login\",\"id\":\"1\",\"agent\":\"" + agent
                + "\",\"password\":\"pw\",\"extension\":\"" + agent + "\"}"));
        assertThat(text(ch.readOutbound())).contains("\"type\":\"ok\"");
        return ch;
    }

    private static String text(Object frame) {
        try {
            return ((TextWebSocketFrame) frame).text();
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Test
    void aPushReachesOnlyTheAgentAtItsExtension() {
        AgentSocket socket = socket();
        EmbeddedChannel a = loggedIn(socket, "8001");
        EmbeddedChannel b = loggedIn(socket, "8002");

        events.publish(LiveEvents.Event.toExtension("call.offered", Map.of("callId", "c1"), "8002"));
        events.publish(LiveEvents.Event.toUser("callback.assigned", Map.of("id", 7), "8001"));
        events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c1")));

        assertThat(text(b.readOutbound())).contains("\"type\":\"call.offered\"", "\"callId\":\"c1\"");
        assertThat(text(a.readOutbound())).contains("\"type\":\"callback.assigned\"");
        assertThat(a.<Object>readOutbound()).isNull();
        assertThat(b.<Object>readOutbound()).isNull();
        assertThat(socket.sessionCount()).isEqualTo(2);

        b.close();
        assertThat(socket.sessionCount()).isEqualTo(1);
        assertThat(readyCalls)
                .containsExactly("8001=true", "8002=true", "8002=gone"); // the dropped desk leaves the queue (issue 11)
        events.publish(LiveEvents.Event.toExtension("call.offered", Map.of("callId", "c2"), "8002"));
        assertFalse(a.finish());
    }

    @Test
    void aPushIsEncodedOnceAndEveryDesktopOfTheAgentGetsTheSameBytes() {
        AgentSocket socket = socket();
        EmbeddedChannel desk = loggedIn(socket, "8001");
        EmbeddedChannel laptop = loggedIn(socket, "8001"); // a second desktop at the same extension
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("callId", "c1");
        data.put("caller", "13800000001");
        data.put("enterprise", "双鸭山市惠企通测试有限公司 ✓ 😀");
        data.put("queuedAt", java.time.Instant.parse("2026-11-30T02:00:00.125Z"));
        data.put("recentCalls", List.of());
        events.publish(LiveEvents.Event.toExtension("call.offered", data, "8001"));

        // The agent protocol's bytes as before this change (a String per push, then UTF-8).
        String expected = "{\"type\":\"call.offered\",\"callId\":\"c1\",\"caller\":\"13800000001\","
                + "\"enterprise\":\"双鸭山市惠企通测试有限公司 ✓ 😀\",\"queuedAt\":\"2026-11-30T02:00:00.125Z\","
                + "\"recentCalls\":[]}";
        TextWebSocketFrame a = desk.readOutbound();
        TextWebSocketFrame b = laptop.readOutbound();
        assertThat(a.text()).isEqualTo(expected);
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(b.content()))
                .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        ByteBuf shared = a.content();
        a.release();
        b.release();
        assertThat(shared.refCnt())
                .as("the shared bytes are freed once both are written")
                .isZero();
        desk.close();
        laptop.close();
    }

    @Test
    void anAgentWhoStopsReadingIsClosedWithTooSlowInsteadOfQueuedForever() {
        AgentSocket socket = socket();
        EmbeddedChannel ch = loggedIn(socket, "8001");
        assertThat(ch.config().getWriteBufferHighWaterMark()).isEqualTo(SlowConsumers.AGENT.high());
        // as if 256 KiB of earlier pushes sat unread in the socket
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        events.publish(LiveEvents.Event.toExtension("call.offered", Map.of("callId", "c1"), "8001"));
        events.publish(LiveEvents.Event.toExtension("call.ended", Map.of("callId", "c1"), "8001"));

        Object last = ch.readOutbound();
        assertThat(last).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) last).statusCode()).isEqualTo(1008);
        assertThat(((CloseWebSocketFrame) last).reasonText()).startsWith("too-slow");
        ReferenceCountUtil.release(last);
        assertThat(ch.<Object>readOutbound())
                .as("no push written after the close")
                .isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(socket.sessionCount()).isZero();
    }

    @Test
    void aDashboardStreamAboveItsMarkGetsAClosingFrameAndIsClosed() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(SlowConsumers.DASHBOARD);
        assertThat(SlowConsumers.admit(ch, "dashboard stream", () -> "unused")).isTrue();

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(SlowConsumers.admit(
                        ch,
                        "dashboard stream",
                        () -> new DefaultHttpContent(io.netty.buffer.Unpooled.copiedBuffer(
                                "event: closed\ndata: {\"reason\":\"too-slow\"}\n\n", StandardCharsets.UTF_8))))
                .isFalse();
        assertThat(SlowConsumers.admit(ch, "dashboard stream", () -> "written twice?"))
                .isFalse();

        DefaultHttpContent bye = ch.readOutbound();
        ByteBuf content = bye.content();
        assertThat(content.toString(StandardCharsets.UTF_8)).contains("too-slow");
        bye.release();
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }
}
