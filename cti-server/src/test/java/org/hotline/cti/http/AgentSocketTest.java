package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.AgentPresence;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.junit.jupiter.api.Test;

/**
 * The agent protocol's handler on Netty's EmbeddedChannel, no sockets (docs/agent-protocol.md):
 * login, who may act on what, and a clear error frame for every request it cannot serve, with the
 * connection kept open. Transfer, wrap-up and work-order requests are refused by the one request
 * parser (http/Requests) before any use case is reached, so the use cases are absent here.
 */
class AgentSocketTest {
    /** Every PBX request the handler made, by method name and first argument. */
    private final List<String> pbxCalls = new CopyOnWriteArrayList<>();

    private final Telephony pbx = (Telephony) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Telephony.class}, (p, m, a) -> {
                if (m.getReturnType() == CompletableFuture.class) {
                    pbxCalls.add(m.getName() + " " + a[0]);
                    return CompletableFuture.completedFuture(null);
                }
                return m.getReturnType() == boolean.class ? true : null;
            });
    private final AuthService auth = new AuthService(
            List.of(
                    new User("8001", Role.AGENT, "8001", PasswordHash.hash("right")),
                    new User("8002", Role.AGENT, "8002", PasswordHash.hash("right"))),
            Clock.systemUTC());
    private final LiveEvents events = new LiveEvents();
    private final CallRecord callOf8002 = answered("c2", "8002");
    private final CallRecord callOf8001 = answered("c1", "8001");
    private final EmbeddedChannel ch = new EmbeddedChannel(new AgentSocket(
            auth,
            null,
            null,
            null,
            pbx,
            new AgentPresence(pbx, () -> CompletableFuture.completedFuture(List.of()), events),
            events,
            id -> Optional.of(id.equals("c1") ? callOf8001 : callOf8002).filter(c -> c.id().equals(id))));

    private static CallRecord answered(String id, String agent) {
        Instant t = Instant.parse("2026-11-25T02:00:00Z");
        Call c = new Call(id, "13800000001", "12345", t);
        c.apply(new CallEvent.Queued(id, t, "enterprise-desk", 1));
        c.apply(new CallEvent.Answered(id, t, agent));
        return CallRecord.of(c);
    }

    /** Sends one text frame and returns the one reply. */
    private JsonNode send(String json) throws Exception {
        ch.writeInbound(new TextWebSocketFrame(json));
        return reply();
    }

    private JsonNode reply() throws Exception {
        TextWebSocketFrame r = ch.readOutbound();
        assertThat(r).as("a reply").isNotNull();
        try {
            return Json.MAPPER.readTree(r.text());
        } finally {
            r.release();
        }
    }

    private JsonNode login8001() throws Exception {
        return send(
                "{\"type\":\"login\",\"id\":\"1\",\"agent\":\"8001\",\"password\":\"right\",\"extension\":\"8001\"}");
    }

    @Test
    void anAgentLogsInAtItsOwnExtensionAndJoinsTheQueue() throws Exception {
        JsonNode ok = login8001();

        assertThat(ok.get("type").asText()).isEqualTo("ok");
        assertThat(ok.get("id").asText()).isEqualTo("1");
        assertThat(ok.get("agent").asText()).isEqualTo("8001");
        assertThat(ok.get("role").asText()).isEqualTo("agent");
        assertThat(ok.get("extension").asText()).isEqualTo("8001");
        assertThat(ok.get("ready").asBoolean()).isTrue();
        assertThat(pbxCalls).contains("agentReady 8001");
        assertThat(AgentSocket.loggedIn(ch)).isTrue();

        JsonNode again = login8001();
        assertThat(again.get("code").asText()).isEqualTo("already-logged-in");
        assertFalse(ch.finish());
    }

    @Test
    void aWrongPasswordOrAnotherAgentsExtensionLogsNobodyIn() throws Exception {
        JsonNode wrong = send("{\"type\":\"login\",\"id\":\"1\",\"agent\":\"8001\",\"password\":\"nope\"}");
        assertThat(wrong.get("type").asText()).isEqualTo("error");
        assertThat(wrong.get("id").asText()).isEqualTo("1");
        assertThat(wrong.get("code").asText()).isEqualTo("bad-credentials");

        // Issue 11 item 6: an agent may not claim another agent's desk (ready would put it in the queue).
        JsonNode other = send(
                "{\"type\":\"login\",\"id\":\"2\",\"agent\":\"8001\",\"password\":\"right\",\"extension\":\"8002\"}");
        assertThat(other.get("code").asText()).isEqualTo("wrong-extension");
        assertThat(other.get("message").asText()).isEqualTo("8001 works at extension 8001, not 8002");

        assertThat(AgentSocket.loggedIn(ch)).isFalse();
        assertThat(pbxCalls).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void anAgentHangsUpOnlyItsOwnCall() throws Exception {
        login8001();
        pbxCalls.clear();

        JsonNode refused = send("{\"type\":\"hangup\",\"id\":\"2\",\"callId\":\"c2\"}");
        assertThat(refused.get("code").asText()).isEqualTo("not-your-call");
        assertThat(pbxCalls).isEmpty();

        assertThat(send("{\"type\":\"hangup\",\"id\":\"3\",\"callId\":\"gone\"}")
                        .get("code")
                        .asText())
                .isEqualTo("no-such-call");

        JsonNode ok = send("{\"type\":\"hangup\",\"id\":\"4\",\"callId\":\"c1\"}");
        assertThat(ok.get("type").asText()).isEqualTo("ok");
        assertThat(pbxCalls).containsExactly("hangUpAgent c1");
        assertFalse(ch.finish());
    }

    @Test
    void aMalformedFrameGetsAClearErrorAndTheConnectionStaysUsable() throws Exception {
        JsonNode bad = send("{\"type\":\"login\",");
        assertThat(bad.get("type").asText()).isEqualTo("error");
        assertThat(bad.get("code").asText()).isEqualTo("malformed-json");
        assertThat(bad.get("message").asText()).startsWith("malformed JSON at line 1, column ");

        assertThat(send("[1,2]").get("code").asText()).isEqualTo("malformed-json");
        assertThat(send("{\"id\":\"5\"}").get("code").asText()).isEqualTo("missing-field");

        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        assertThat(reply().get("code").asText()).isEqualTo("text-frames-only");

        assertThat(ch.isOpen()).isTrue();
        assertThat(login8001().get("type").asText()).isEqualTo("ok");
        assertFalse(ch.finish());
    }

    @Test
    void anUnknownCommandIsNamedInTheError_knownOnesNeedALoginFirst() throws Exception {
        JsonNode unknown = send("{\"type\":\"teleport\",\"id\":\"9\"}");
        assertThat(unknown.get("code").asText()).isEqualTo("unknown-type");
        assertThat(unknown.get("id").asText()).isEqualTo("9");
        assertThat(unknown.get("message").asText())
                .isEqualTo("unknown message type 'teleport'; see docs/agent-protocol.md");

        assertThat(send("{\"type\":\"transfer\",\"callId\":\"c1\",\"matter\":\"vat-credit-refund\"}")
                        .get("code")
                        .asText())
                .isEqualTo("login-required");
        assertThat(send("{\"type\":\"ping\",\"id\":\"p\"}").get("type").asText())
                .isEqualTo("ok");
        assertFalse(ch.finish());
    }

    @Test
    void transferWrapUpAndWorkOrderRequestsAreCheckedByTheSharedParserWithTheApisIdsAndMessages() throws Exception {
        login8001();

        JsonNode noMatter = send("{\"type\":\"transfer\",\"id\":\"2\",\"callId\":\"c1\"}");
        assertThat(noMatter.get("code").asText()).isEqualTo("missing-field");
        assertThat(noMatter.get("message").asText())
                .isEqualTo("field 'matter' is required and must be a non-empty string");

        JsonNode noReason = send(
                "{\"type\":\"transfer\",\"id\":\"3\",\"callId\":\"c1\",\"matter\":\"vat-credit-refund\",\"override\":{}}");
        assertThat(noReason.get("code").asText()).isEqualTo("override-reason-required");

        JsonNode maybe = send("{\"type\":\"wrapup\",\"id\":\"4\",\"callId\":\"c1\",\"resolution\":\"maybe\"}");
        assertThat(maybe.get("code").asText()).isEqualTo("bad-resolution");
        assertThat(maybe.get("message").asText())
                .isEqualTo("resolution must be direct, transferred, work-order or unanswered, was 'maybe'");
        // R9: 未能解答 without the caller's question is refused before anything is looked up.
        JsonNode noQuestion =
                send("{\"type\":\"wrapup\",\"id\":\"4q\",\"callId\":\"c1\",\"resolution\":\"unanswered\"}");
        assertThat(noQuestion.get("code").asText()).isEqualTo("question-required");

        JsonNode gossip = send(
                "{\"type\":\"workorder.create\",\"id\":\"5\",\"department\":\"tax\",\"kind\":\"gossip\",\"description\":\"x\"}");
        assertThat(gossip.get("code").asText()).isEqualTo("unknown-kind");

        JsonNode noDescription =
                send("{\"type\":\"workorder.create\",\"id\":\"6\",\"department\":\"tax\",\"caller\":\"13800000001\"}");
        assertThat(noDescription.get("code").asText()).isEqualTo("missing-field");
        assertThat(noDescription.get("message").asText()).contains("'description'");

        JsonNode numberCaller = send(
                "{\"type\":\"workorder.create\",\"id\":\"7\",\"department\":\"tax\",\"caller\":138,\"description\":\"x\"}");
        assertThat(numberCaller.get("code").asText()).isEqualTo("bad-field");
        assertFalse(ch.finish());
    }
}
