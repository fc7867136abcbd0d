package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.hotline.cti.testing.AgentClient;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent protocol (docs/agent-protocol.md) against the real sandbox: the scripted agent 8101
 * logs in, is offered a real call with a screen pop, transfers it and wraps up; bad frames get
 * clear errors and the connection stays usable.
 */
// A SIP peer (sipp) or display (Xvfb) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxPbxExtension.class)
class AgentSocketIT {
    private CtiHarness cti;

    @BeforeEach
    void start() {
        cti = new CtiHarness();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
    }

    @AfterEach
    void stop() {
        cti.hangUpEverything();
        cti.close();
    }

    @Test
    void agentSeesTheCallTransfersItAndWrapsUp() {
        try (AgentClient agent = new AgentClient(cti.base());
                Sipp phone = Sipp.agent(8101);
                Sipp specialist = Sipp.peer("answer.xml", "127.0.0.3", 5071)) {
            JsonNode login = agent.request("{\"type\":\"login\",\"agent\":\"8101\",\"password\":\""
                    + CtiHarness.PASSWORD + "\",\"extension\":\"8101\"}");
            assertThat(login.get("type").asText()).isEqualTo("ok");
            assertThat(login.get("role").asText()).isEqualTo("agent");
            assertThat(login.get("ready").asBoolean()).isTrue();

            String caller = CtiHarness.uniqueCaller();
            try (Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5087, caller, "12345", Duration.ofSeconds(20))) {
                JsonNode offered = agent.awaitType("call.offered", Duration.ofSeconds(10));
                assertThat(offered.get("caller").asText()).isEqualTo(caller);
                assertThat(offered.get("recentCalls").isArray()).isTrue();
                JsonNode answered = agent.awaitType("call.answered", Duration.ofSeconds(10));
                String callId = answered.get("callId").asText();
                assertThat(answered.get("agent").asText()).isEqualTo("8101");

                JsonNode kb = agent.request("{\"type\":\"kb.search\",\"q\":\"留抵\"}");
                assertThat(kb.get("results").findValuesAsText("code")).contains("vat-credit-refund");

                JsonNode t = agent.request(
                        "{\"type\":\"transfer\",\"callId\":\"" + callId + "\",\"matter\":\"vat-credit-refund\"}");
                assertThat(t.get("type").asText()).isEqualTo("ok");
                JsonNode result = agent.awaitType("transfer.result", Duration.ofSeconds(20));
                assertThat(result.at("/transfer/outcome").asText()).isEqualTo("connected");
                assertThat(agent.received().stream()
                                .filter(m -> "transfer.progress"
                                        .equals(m.path("type").asText())))
                        .extracting(m -> m.at("/transfer/state").asText())
                        .contains("ringing", "connected");

                // The agent leaves the conference; caller and specialist stay connected (issue #3).
                String room = result.at("/transfer/room").asText();
                assertThat(agent.request("{\"type\":\"hangup\",\"callId\":\"" + callId + "\"}")
                                .get("type")
                                .asText())
                        .isEqualTo("ok");
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> conferenceMembers(room).size() == 2);
                assertThat(conferenceMembers(room))
                        .anyMatch(c -> c.startsWith("PJSIP/enterprise-"))
                        .anyMatch(c -> c.startsWith("PJSIP/specialists-"));

                JsonNode w = agent.request("{\"type\":\"wrapup\",\"callId\":\"" + callId
                        + "\",\"matter\":\"vat-credit-refund\",\"resolution\":\"transferred\"}");
                assertThat(w.at("/wrapup/resolution").asText()).isEqualTo("transferred");
                assertThat(agent.request("{\"type\":\"wrapup\",\"callId\":\"" + callId + "\",\"resolution\":\"maybe\"}")
                                .get("code")
                                .asText())
                        .isEqualTo("bad-resolution");
            }
            // Logging out takes the desk out of the queue (issue 11); 8101 is configured in
            // queues.conf and cannot be removed, so it is paused as disconnected, visibly.
            assertThat(agent.request("{\"type\":\"logout\"}").get("type").asText())
                    .isEqualTo("ok");
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                for (JsonNode a : cti.get("/api/agents").get("agents")) {
                    if ("8101".equals(a.get("extension").asText())) {
                        return a.get("paused").asBoolean()
                                && "disconnected".equals(a.path("pausedReason").asText())
                                && !a.get("session").asBoolean();
                    }
                }
                return false;
            });
        }
    }

    @Test
    void theEnterpriseNameRecordedAtWrapUpPopsUpOnTheNextCallFromTheNumber() {
        try (AgentClient agent = new AgentClient(cti.base());
                // Exactly two calls: the third, below, must find nobody to answer it.
                Sipp phone = Sipp.peer("answer.xml", "127.0.0.4", 5101, 2, Duration.ZERO)) {
            agent.request("{\"type\":\"login\",\"agent\":\"8101\",\"password\":\"" + CtiHarness.PASSWORD
                    + "\",\"extension\":\"8101\"}");
            String caller = CtiHarness.uniqueCaller();
            try (Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5086, caller, "12345", Duration.ofMillis(500))) {
                assertThat(agent.awaitType("call.offered", Duration.ofSeconds(10))
                                .get("enterprise")
                                .isNull())
                        .isTrue();
                String callId = agent.awaitType("call.answered", Duration.ofSeconds(10))
                        .get("callId")
                        .asText();
                call.assertSucceeds(Duration.ofSeconds(15));
                JsonNode w = agent.request("{\"type\":\"wrapup\",\"callId\":\"" + callId
                        + "\",\"resolution\":\"direct\",\"enterprise\":\" 杭州青禾科技有限公司 \"}");
                assertThat(w.at("/wrapup/enterprise").asText()).isEqualTo("杭州青禾科技有限公司");
                assertThat(agent.request("{\"type\":\"wrapup\",\"callId\":\"" + callId + "\",\"resolution\":\"direct\","
                                        + "\"enterprise\":\"" + "企".repeat(101) + "\"}")
                                .get("code")
                                .asText())
                        .isEqualTo("bad-enterprise");
            }
            agent.forget();
            try (Sipp again = Sipp.caller("caller.xml", "127.0.0.2", 5086, caller, "12345", Duration.ofMillis(500))) {
                JsonNode offered = agent.awaitType("call.offered", Duration.ofSeconds(10));
                assertThat(offered.get("enterprise").asText()).isEqualTo("杭州青禾科技有限公司");
                assertThat(offered.get("recentCalls").findValuesAsText("agent")).contains("8101");
                again.assertSucceeds(Duration.ofSeconds(15));
            }
            // The same number misses the desk next: the duty supervisor's callback names the enterprise.
            try (Sipp missed =
                    Sipp.caller("caller-cancel.xml", "127.0.0.2", 5086, caller, "12345", Duration.ofMillis(1200))) {
                missed.assertSucceeds(Duration.ofSeconds(15));
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> cti.get("/api/callbacks")
                            .get("callbacks")
                            .findValuesAsText("number")
                            .contains(caller));
            for (JsonNode cb : cti.get("/api/callbacks").get("callbacks")) {
                if (caller.equals(cb.get("number").asText())) {
                    assertThat(cb.get("enterprise").asText()).isEqualTo("杭州青禾科技有限公司");
                }
            }
            assertThat(agent.request("{\"type\":\"logout\"}").get("type").asText())
                    .isEqualTo("ok");
        }
    }

    private java.util.List<String> conferenceMembers(String room) {
        return cti.server().telephony().client().send("ConfbridgeList", "Conference", room).join().events().stream()
                .filter(e -> "ConfbridgeList".equals(e.event()))
                .map(e -> e.get("Channel"))
                .toList();
    }

    @Test
    void badFramesGetClearErrorsAndOversizedFramesCloseTheConnection() {
        try (AgentClient agent = new AgentClient(cti.base())) {
            assertThat(agent.request("{\"type\":\"transfer\",\"callId\":\"x\",\"matter\":\"y\"}")
                            .get("code")
                            .asText())
                    .isEqualTo("login-required");
            assertThat(agent.request(
                                    "{\"type\":\"login\",\"agent\":\"8101\",\"password\":\"wrong\",\"extension\":\"8101\"}")
                            .get("code")
                            .asText())
                    .isEqualTo("bad-credentials");
            assertThat(agent.request("{\"type\":\"login\",\"agent\":\"8101\",\"password\":\"" + CtiHarness.PASSWORD
                                    + "\",\"extension\":\"8105\"}")
                            .get("code")
                            .asText())
                    .isEqualTo("wrong-extension");
            agent.sendRaw("{not json");
            // no id can be read from a broken frame, so the error comes without one
            JsonNode malformed =
                    agent.await(m -> "malformed-json".equals(m.path("code").asText()), Duration.ofSeconds(5));
            assertThat(malformed.get("message").asText()).contains("line 1");
            assertThat(agent.request("{\"type\":\"dance\"}").get("code").asText())
                    .isEqualTo("unknown-type");
            assertThat(agent.request("{\"type\":\"ping\"}").get("type").asText())
                    .isEqualTo("ok"); // still usable
            agent.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.closeCode != null || agent.error != null);
            assertThat(agent.error).as("connection error").isNull();
            assertThat(agent.closeCode).isEqualTo(1009);
        }
    }
}
