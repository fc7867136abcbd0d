package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.hotline.cti.http.Json;
import org.hotline.cti.testing.AgentClient;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.hotline.cti.testing.TestRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A failed transfer becomes a work order the department walks through (R13–R16), on the real
 * sandbox: the enterprise (sipp on 127.0.0.2) is answered by agent 8101 over the agent protocol,
 * who asks for 人社局's specialist; nobody answers 人社局's number (127.0.0.3:5079), so the order
 * is made and dispatched at once, and the hrss department user signs, completes and feeds it back
 * over HTTP while the tax user is refused; the supervisor records the evaluation and closes it.
 */
// A SIP peer (sipp) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxPbxExtension.class)
class WorkOrderIT {
    private static Path rulesDir;
    private CtiHarness cti;

    @BeforeAll
    static void rules() throws IOException {
        rulesDir = TestRules.withoutRotation(
                "workorder-it", d -> d.replace("ringTimeout: 15 seconds", "ringTimeout: 4 seconds"));
    }

    @AfterEach
    void stop() {
        if (cti != null) {
            cti.hangUpEverything();
            cti.close();
        }
    }

    @Test
    void aFailedTransfersOrderIsSignedCompletedAndFedBackByItsDepartmentOnly() {
        cti = new CtiHarness(
                Map.of(),
                Clock.systemUTC(),
                "hotline: {calendar: always-open, departments: '%s', roster: '%s'}"
                        .formatted(rulesDir.resolve("departments.yaml"), rulesDir.resolve("roster.yaml")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        String caller = CtiHarness.uniqueCaller();
        String orderId;
        try (AgentClient agent = new AgentClient(cti.base());
                Sipp phone = Sipp.peer("answer.xml", "127.0.0.4", 5101, 3, Duration.ZERO);
                Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5083, caller, "12345", Duration.ofSeconds(40))) {
            assertThat(agent.request("{\"type\":\"login\",\"agent\":\"8101\",\"password\":\"" + CtiHarness.PASSWORD
                                    + "\",\"extension\":\"8101\"}")
                            .get("type")
                            .asText())
                    .isEqualTo("ok");
            String callId = agent.awaitType("call.answered", Duration.ofSeconds(15))
                    .get("callId")
                    .asText();
            JsonNode t = agent.request(
                    "{\"type\":\"transfer\",\"callId\":\"" + callId + "\",\"matter\":\"social-insurance-relief\"}");
            assertThat(t.get("type").asText()).isEqualTo("ok");
            JsonNode result = agent.awaitType("transfer.result", Duration.ofSeconds(30));
            assertThat(result.at("/transfer/outcome").asText()).isEqualTo("failed");
            assertThat(result.at("/transfer/cause").asText()).isEqualTo("no-answer");
            orderId = result.at("/transfer/workOrderId").asText();
            assertThat(orderId).startsWith("WO");

            // The agent who made the order hears of it (R13: dispatched at once, to 人社局).
            JsonNode pushed =
                    agent.await(m -> "workorder.updated".equals(m.path("type").asText()), Duration.ofSeconds(10));
            assertThat(pushed.at("/workOrder/id").asText()).isEqualTo(orderId);
            assertThat(pushed.at("/workOrder/status").asText()).isEqualTo("dispatched");
            assertThat(pushed.get("transitions"))
                    .extracting(x -> x.get("trigger").asText())
                    .containsExactly("create", "dispatch");
            agent.request("{\"type\":\"logout\"}");
        }

        JsonNode order = cti.as("supervisor").get("/api/workorders/" + orderId).get("workOrder");
        assertThat(order.get("department").asText()).isEqualTo("hrss");
        assertThat(order.get("caller").asText()).isEqualTo(caller);
        assertThat(order.get("origin").asText()).isEqualTo("transfer-failed");
        assertThat(order.get("kind").asText()).isEqualTo("help");
        assertThat(order.get("createdBy").asText()).isEqualTo("8101");
        assertThat(cti.get("/api/stats/today").get("workOrdersOpen").asLong()).isEqualTo(1);

        // 税务局 may neither read nor sign 人社局's order.
        cti.as("tax");
        HttpResponse<String> peek = cti.raw("GET", "/api/workorders/" + orderId, null);
        assertThat(peek.statusCode()).isEqualTo(403);
        assertThat(code(peek)).isEqualTo("not-your-order");
        HttpResponse<String> steal = cti.raw("POST", "/api/workorders/" + orderId + "/sign", "{\"note\":\"代签\"}");
        assertThat(steal.statusCode()).isEqualTo(403);
        assertThat(code(steal)).isEqualTo("not-your-order");
        assertThat(cti.get("/api/workorders").get("workOrders")).isEmpty();

        // 人社局 sees it in its inbox and walks it through.
        cti.as("hrss");
        JsonNode inbox = cti.get("/api/workorders").get("workOrders");
        assertThat(inbox).extracting(o -> o.get("id").asText()).containsExactly(orderId);
        assertThat(inbox.get(0).get("actions")).extracting(JsonNode::asText).contains("sign", "return");
        assertThat(act(orderId, "sign", "{\"note\":\"已电话联系企业，说明缓缴办理流程\"}")
                        .get("status")
                        .asText())
                .isEqualTo("signed");
        HttpResponse<String> early = cti.raw("POST", "/api/workorders/" + orderId + "/feedback", "{\"note\":\"还没办完\"}");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(code(early)).isEqualTo("wrong-state");
        assertThat(act(orderId, "complete", "{\"result\":\"已为企业办理社保费缓缴\"}")
                        .get("status")
                        .asText())
                .isEqualTo("completed");
        assertThat(act(orderId, "feedback", "{\"note\":\"已告知企业办理结果\"}")
                        .get("status")
                        .asText())
                .isEqualTo("fed-back");
        HttpResponse<String> selfRated =
                cti.raw("POST", "/api/workorders/" + orderId + "/evaluate", "{\"evaluation\":\"satisfied\"}");
        assertThat(selfRated.statusCode()).isEqualTo(403);

        // The supervisor records the caller's evaluation (from a return call) and closes it.
        cti.as("supervisor");
        assertThat(act(orderId, "evaluate", "{\"evaluation\":\"满意\"}")
                        .get("evaluation")
                        .asText())
                .isEqualTo("satisfied");
        assertThat(act(orderId, "close", null).get("status").asText()).isEqualTo("closed");
        JsonNode trail = cti.get("/api/workorders/" + orderId).get("trail");
        assertThat(trail)
                .extracting(x -> x.get("from").asText() + " -> "
                        + x.get("trigger").asText() + " -> " + x.get("to").asText())
                .containsExactly(
                        "none -> create -> created",
                        "created -> dispatch -> dispatched",
                        "dispatched -> sign -> signed",
                        "signed -> complete -> completed",
                        "completed -> feedback -> fed-back",
                        "fed-back -> evaluate -> evaluated",
                        "evaluated -> close -> closed");
        assertThat(trail)
                .extracting(x -> x.get("by").asText())
                .containsExactly("8101", "8101", "hrss", "hrss", "hrss", "supervisor", "supervisor");
        JsonNode stats = cti.get("/api/stats/today");
        assertThat(stats.get("workOrdersOpen").asLong()).isZero();
        assertThat(stats.get("workOrdersOverdue").asLong()).isZero();
        assertThat(cti.server().registry().scrape())
                .contains("cti_workorders_escalated_total{cause=\"dissatisfied\"} 0.0");
    }

    private JsonNode act(String id, String action, String body) {
        JsonNode r = cti.post("/api/workorders/" + id + "/" + action, body);
        assertThat(r.has("error")).as(action + ": " + r).isFalse();
        return r.get("workOrder");
    }

    private static String code(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body()).at("/error/code").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
