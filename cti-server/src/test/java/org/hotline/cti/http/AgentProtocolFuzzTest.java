package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.Telephony;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the agent protocol fed malformed, truncated, oversized-nesting, random-byte and binary
 * frames (fixed seed) answers every one with one JSON reply carrying a known error id, never an
 * internal error, keeps the connection open, and logs in nobody.
 */
class AgentProtocolFuzzTest {
    private static final String[] VALID = {
        "{\"type\":\"ping\",\"id\":\"1\"}",
        "{\"type\":\"login\",\"id\":\"2\",\"agent\":\"8001\",\"password\":\"wrong\",\"extension\":\"8001\"}",
        "{\"type\":\"hangup\",\"id\":\"3\",\"callId\":\"c1\"}",
        "{\"type\":\"transfer\",\"id\":\"4\",\"callId\":\"c1\",\"matter\":\"vat-credit-refund\",\"override\":{\"reason\":\"x\"}}",
        "{\"type\":\"kb.search\",\"id\":\"5\",\"q\":\"留抵\"}",
        "{\"type\":\"wrapup\",\"id\":\"6\",\"callId\":\"c1\",\"resolution\":\"direct\"}",
        "{\"type\":\"ready\",\"id\":\"7\",\"ready\":true}",
    };

    @Test
    void everyHostileFrameGetsOneReplyWithAKnownIdAndTheConnectionStays() throws Exception {
        Telephony pbx = (Telephony) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Telephony.class},
                (p, m, a) ->
                        m.getReturnType() == CompletableFuture.class ? CompletableFuture.completedFuture(null) : null);
        AuthService auth = new AuthService(
                List.of(new User("8001", Role.AGENT, "8001", PasswordHash.hash("right"))), Clock.systemUTC());
        LiveEvents events = new LiveEvents();
        AgentSocket socket = new AgentSocket(
                auth,
                null,
                null,
                null,
                pbx,
                new org.hotline.cti.app.AgentPresence(pbx, () -> CompletableFuture.completedFuture(List.of()), events),
                events,
                id -> java.util.Optional.empty());
        EmbeddedChannel ch = new EmbeddedChannel(socket);
        Random random = new Random(11_29L);
        for (int i = 0; i < 3000; i++) {
            boolean binary = random.nextInt(50) == 0;
            if (binary) {
                byte[] b = new byte[random.nextInt(200)];
                random.nextBytes(b);
                ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)));
            } else {
                ch.writeInbound(new TextWebSocketFrame(mutant(random)));
            }
            TextWebSocketFrame reply = ch.readOutbound();
            assertThat(reply).as("frame %d got no reply", i).isNotNull();
            JsonNode r = Json.MAPPER.readTree(reply.text());
            reply.release();
            assertThat(ch.<Object>readOutbound()).as("one reply per frame").isNull();
            String type = r.path("type").asText();
            assertThat(type).isIn("ok", "error");
            if (type.equals("error")) {
                assertThat(ErrorId.fromWire(r.path("code").asText()))
                        .as(r.toString())
                        .isPresent();
                assertThat(r.path("code").asText()).isNotEqualTo("internal-error");
            }
            assertThat(ch.isOpen()).isTrue();
        }
        assertThat(socket.sessionCount()).isZero(); // no mutation ever guessed a password
        ch.finishAndReleaseAll();
        auth.close();
    }

    private static AgentSocket socket(AuthService auth) {
        Telephony pbx = (Telephony) Proxy.newProxyInstance(
                AgentProtocolFuzzTest.class.getClassLoader(),
                new Class<?>[] {Telephony.class},
                (p, m, a) ->
                        m.getReturnType() == CompletableFuture.class ? CompletableFuture.completedFuture(null) : null);
        LiveEvents events = new LiveEvents();
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

    @Test
    void aClientThatNeverReadsItsRepliesIsDroppedNotBuffered() {
        // Hostile input: pings sent in a loop by a client that never reads; the replies used to
        // pile up in the server's memory without bound.
        AuthService auth = new AuthService(List.of(), Clock.systemUTC());
        EmbeddedChannel ch = new EmbeddedChannel(socket(auth));
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\",\"id\":\"1\"}"));
        TextWebSocketFrame first = ch.readOutbound();
        assertThat(first.text()).contains("\"type\":\"ok\"");
        first.release();

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the socket stopped taking data
        for (int i = 0; i < 100 && ch.isOpen(); i++) {
            ch.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\",\"id\":\"" + i + "\"}"));
        }
        Object last = ch.readOutbound();
        assertThat(last).isInstanceOf(io.netty.handler.codec.http.websocketx.CloseWebSocketFrame.class);
        var close = (io.netty.handler.codec.http.websocketx.CloseWebSocketFrame) last;
        assertThat(close.statusCode()).isEqualTo(1008);
        assertThat(close.reasonText()).startsWith("too-slow");
        close.release();
        assertThat(ch.<Object>readOutbound())
                .as("no reply queued behind the close")
                .isNull();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
        auth.close();
    }

    @Test
    void aRefusedLoginLeavesNoLiveToken() throws Exception {
        String hash = PasswordHash.hash("right");
        AuthService auth = new AuthService(
                List.of(
                        new User("8001", Role.AGENT, "8001", hash),
                        new User("tax", Role.DEPARTMENT, null, hash, "tax")),
                Clock.systemUTC());
        EmbeddedChannel ch = new EmbeddedChannel(socket(auth));
        for (String login : List.of(
                "{\"type\":\"login\",\"agent\":\"tax\",\"password\":\"right\"}",
                "{\"type\":\"login\",\"agent\":\"8001\",\"password\":\"right\",\"extension\":\"8002\"}",
                "{\"type\":\"login\",\"agent\":\"8001\",\"password\":\"right\",\"extension\":\"PJSIP/x@y\"}")) {
            ch.writeInbound(new TextWebSocketFrame(login));
            TextWebSocketFrame reply = ch.readOutbound();
            assertThat(Json.MAPPER.readTree(reply.text()).path("code").asText())
                    .as(login)
                    .isIn("forbidden", "wrong-extension", "bad-extension");
            reply.release();
        }
        assertThat(auth.sessionCount()).as("tokens minted by refused logins").isZero();
        ch.finishAndReleaseAll();
        auth.close();
    }

    /** A valid message cut, spliced, nested deep, padded with random characters, or plain noise. */
    private static String mutant(Random r) {
        String v = VALID[r.nextInt(VALID.length)];
        return switch (r.nextInt(8)) {
            case 0 -> v.substring(0, r.nextInt(v.length() + 1));
            case 1 -> {
                int at = r.nextInt(v.length());
                yield v.substring(0, at) + (char) r.nextInt(0x3000) + v.substring(at);
            }
            case 2 -> "{\"type\":\"ping\",\"x\":" + "[".repeat(100 + r.nextInt(2000)) + "}";
            case 3 -> "{\"type\":\"ping\",\"n\":" + "9".repeat(50 + r.nextInt(2000)) + "}";
            case 4 -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                yield new String(b, StandardCharsets.UTF_8);
            }
            case 5 -> v.replace("\"type\":\"", "\"type\":\"" + (char) ('a' + r.nextInt(26)));
            case 6 -> v.replaceAll("\"[a-z]+\":\"", "\"$0".substring(0, 1) + "\":" + r.nextInt() + ",\"");
            default -> "[" + v + "]";
        };
    }
}
