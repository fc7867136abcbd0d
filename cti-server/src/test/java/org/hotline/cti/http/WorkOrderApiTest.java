package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcWorkOrderStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The work-order API over HTTP (docs/api.md) with the real machine, an H2 store and the project's
 * departments and calendar: who may see and do what, and every refusal's status and error id.
 */
class WorkOrderApiTest {
    // Thursday 5 March 2026, 10:00 in Shanghai: working time.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-05T02:00:00Z"));
    private final List<LiveEvents.Event> pushed = new ArrayList<>();
    private Database db;
    private TestApi api;
    private WorkOrderService service;

    @BeforeEach
    void start() {
        HotlineRules rules = TestApi.projectRules(false);
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        LiveEvents events = new LiveEvents();
        events.subscribe(pushed::add);
        service = new WorkOrderService(
                new JdbcWorkOrderStore(db.dataSource()),
                new InMemoryCallStore(),
                rules,
                events,
                WorkOrderMetrics.NONE,
                clock);
        Router router = new Router();
        new WorkOrderApi(service, rules, clock).register(router);
        router.get("/api/calls", Role.AGENT, req -> org.hotline.cti.http.HttpResponse.json(java.util.Map.of()));
        api = new TestApi(router, TestApi.users(clock, "supervisor", "8001", "tax", "hrss", "yingshang"));
    }

    @AfterEach
    void stop() {
        api.close();
        service.close();
        db.close();
    }

    private TestApi.Reply send(String user, String method, String path, String body) throws Exception {
        return api.send(user, method, path, body);
    }

    private TestApi.Reply act(String user, String id, String action, String body) throws Exception {
        return send(user, "POST", "/api/workorders/" + id + "/" + action, body);
    }

    @Test
    void anOrderWalksItsWholeLifeAndEachRoleDoesOnlyItsPart() throws Exception {
        TestApi.Reply made = send(
                "8001",
                "POST",
                "/api/workorders",
                "{\"department\":\"hrss\",\"kind\":\"help\","
                        + "\"caller\":\"13800000001\",\"description\":\"企业咨询社保费缓缴，专员未接听\",\"matter\":\"social-insurance-relief\"}");
        assertThat(made.status()).isEqualTo(201);
        JsonNode o = made.body().get("workOrder");
        String id = o.get("id").asText();
        assertThat(o.get("status").asText()).isEqualTo("dispatched");
        assertThat(o.get("kindName").asText()).isEqualTo("求助");
        assertThat(o.get("departmentName").asText()).isEqualTo("人社局");
        assertThat(Instant.parse(o.get("signBy").asText())).isEqualTo(Instant.parse("2026-03-05T04:00:00Z")); // 12:00
        assertThat(o.get("deadline").asText()).isEqualTo(o.get("signBy").asText());
        assertThat(o.get("secondsLeft").asLong()).isEqualTo(7200);
        assertThat(pushed).extracting(LiveEvents.Event::type).containsOnly("workorder.updated");
        assertThat(pushed.get(0).toUser()).isEqualTo("8001");

        // Another department neither sees nor touches it (403 not-your-order); its own does.
        assertThat(send("tax", "GET", "/api/workorders", null).body().get("workOrders"))
                .isEmpty();
        TestApi.Reply peek = send("tax", "GET", "/api/workorders/" + id, null);
        assertThat(peek.status()).isEqualTo(403);
        assertThat(peek.error()).isEqualTo("not-your-order");
        TestApi.Reply steal = act("tax", id, "sign", "{\"note\":\"代签\"}");
        assertThat(steal.status()).isEqualTo(403);
        assertThat(steal.error()).isEqualTo("not-your-order");
        JsonNode inbox = send("hrss", "GET", "/api/workorders", null).body().get("workOrders");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).get("actions"))
                .extracting(JsonNode::asText)
                .containsExactly("sign", "extend", "return");

        // Hotline staff do not sign for a department; departments do not evaluate.
        assertThat(act("supervisor", id, "sign", "{\"note\":\"代签\"}").error()).isEqualTo("forbidden");
        TestApi.Reply signed = act("hrss", id, "sign", "{\"note\":\"已电话联系企业\"}");
        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.body().at("/workOrder/status").asText()).isEqualTo("signed");
        assertThat(act("hrss", id, "sign", "{\"note\":\"再签\"}").status()).isEqualTo(409);

        TestApi.Reply noReason = act("hrss", id, "extend", "{\"workingDays\":1}");
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.error()).isEqualTo("reason-required");
        TestApi.Reply tooLong = act("hrss", id, "extend", "{\"reason\":\"需领导研判\",\"workingDays\":4}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.error()).isEqualTo("extension-limit");
        assertThat(act("hrss", id, "extend", "{\"reason\":\"需领导研判\",\"workingDays\":\"two\"}")
                        .error())
                .isEqualTo("bad-working-days");
        TestApi.Reply extended = act("hrss", id, "extend", "{\"reason\":\"需领导研判\",\"workingDays\":2}");
        assertThat(extended.body().at("/workOrder/extensionDays").asInt()).isEqualTo(2);

        TestApi.Reply early = act("supervisor", id, "evaluate", "{\"evaluation\":\"satisfied\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.error()).isEqualTo("wrong-state");
        assertThat(act("hrss", id, "complete", "{\"result\":\"已为企业办理缓缴\"}").status())
                .isEqualTo(200);
        assertThat(act("hrss", id, "feedback", "{\"note\":\"已告知企业\"}").status()).isEqualTo(200);
        assertThat(act("hrss", id, "evaluate", "{\"evaluation\":\"satisfied\"}").error())
                .isEqualTo("forbidden");
        assertThat(act("supervisor", id, "evaluate", "{\"evaluation\":\"so-so\"}")
                        .error())
                .isEqualTo("bad-evaluation");

        // The supervision office sees it only once escalated: a first evaluation 不满意 does that (R15).
        assertThat(send("yingshang", "GET", "/api/workorders/" + id, null).status())
                .isEqualTo(403);
        TestApi.Reply bad = act("supervisor", id, "evaluate", "{\"evaluation\":\"不满意\"}");
        assertThat(bad.body().at("/workOrder/escalations/0/cause").asText()).isEqualTo("dissatisfied");
        JsonNode office = send("yingshang", "GET", "/api/workorders?escalated=true", null)
                .body()
                .get("workOrders");
        assertThat(office).extracting(w -> w.get("id").asText()).containsExactly(id);

        TestApi.Reply closed = act("supervisor", id, "close", null);
        assertThat(closed.body().at("/workOrder/status").asText()).isEqualTo("closed");
        JsonNode detail = send("8001", "GET", "/api/workorders/" + id, null).body();
        assertThat(detail.get("trail"))
                .extracting(t -> t.get("from").asText() + " -> "
                        + t.get("trigger").asText() + " -> " + t.get("to").asText())
                .containsExactly(
                        "none -> create -> created",
                        "created -> dispatch -> dispatched",
                        "dispatched -> sign -> signed",
                        "signed -> extend -> signed",
                        "signed -> complete -> completed",
                        "completed -> feedback -> fed-back",
                        "fed-back -> evaluate -> evaluated",
                        "evaluated -> escalate(dissatisfied) -> evaluated",
                        "evaluated -> close -> closed");
        assertThat(detail.at("/trail/2/by").asText()).isEqualTo("hrss");
        assertThat(detail.at("/trail/2/note").asText()).isEqualTo("已电话联系企业");
        assertThat(send("8001", "GET", "/api/workorders", null).body().get("workOrders"))
                .isEmpty();
        assertThat(send("8001", "GET", "/api/workorders?status=closed", null)
                        .body()
                        .get("workOrders"))
                .hasSize(1);
    }

    @Test
    void aReturnedOrderIsReDispatchedDownTheHierarchyByTheSupervisor() throws Exception {
        String id = send(
                        "8001",
                        "POST",
                        "/api/workorders",
                        "{\"department\":\"tax\",\"kind\":\"complaint\","
                                + "\"caller\":\"13800000002\",\"description\":\"投诉区办税服务厅\"}")
                .body()
                .at("/workOrder/id")
                .asText();
        assertThat(act("tax", id, "return", "{}").error()).isEqualTo("reason-required");
        TestApi.Reply returned = act("tax", id, "return", "{\"reason\":\"属尖山区税务局办理\"}");
        assertThat(returned.body().at("/workOrder/status").asText()).isEqualTo("returned");
        assertThat(returned.body().at("/workOrder/redispatchTo"))
                .extracting(JsonNode::asText)
                .containsExactly("tax-jianshan");
        assertThat(act("8001", id, "dispatch", "{\"department\":\"tax-jianshan\"}")
                        .error())
                .isEqualTo("forbidden");
        assertThat(act("supervisor", id, "dispatch", "{\"department\":\"nowhere\"}")
                        .error())
                .isEqualTo("unknown-department");
        TestApi.Reply again = act("supervisor", id, "dispatch", "{\"department\":\"tax-jianshan\"}");
        assertThat(again.body().at("/workOrder/department").asText()).isEqualTo("tax-jianshan");
        assertThat(again.body().at("/workOrder/departmentName").asText()).isEqualTo("尖山区税务局");
    }

    @Test
    void anOrderLeftUnsignedEscalatesOnceAndShowsOverdue() throws Exception {
        String id = send(
                        "8001",
                        "POST",
                        "/api/workorders",
                        "{\"department\":\"tax\",\"kind\":\"help\","
                                + "\"caller\":\"13800000003\",\"description\":\"求助\"}")
                .body()
                .at("/workOrder/id")
                .asText();
        clock.advance(Duration.ofHours(3)); // 13:00: the 12:00 sign-by has passed
        assertThat(service.checkDeadlines()).isEqualTo(1);
        assertThat(service.checkDeadlines()).isZero();
        JsonNode overdue = send("supervisor", "GET", "/api/workorders?overdue=true", null)
                .body()
                .get("workOrders");
        assertThat(overdue).extracting(w -> w.get("id").asText()).containsExactly(id);
        assertThat(overdue.get(0).get("overdueStage").asText()).isEqualTo("sign");
        assertThat(send("yingshang", "GET", "/api/workorders", null).body().get("workOrders"))
                .hasSize(1);
        assertThat(service.figures().overdue()).isEqualTo(1);
        assertThat(service.figures().escalatedTotal())
                .containsEntry(org.hotline.cti.domain.workorder.EscalationCause.OVERDUE_SIGN, 1L);
    }

    @Test
    void badRequestsGetStableIds() throws Exception {
        assertThat(send("8001", "GET", "/api/workorders/WO999", null).status()).isEqualTo(404);
        assertThat(send("8001", "GET", "/api/workorders/WO999", null).error()).isEqualTo("no-such-work-order");
        assertThat(send("8001", "GET", "/api/workorders/nonsense", null).error())
                .isEqualTo("no-such-work-order");
        assertThat(send("8001", "GET", "/api/workorders?status=lost", null).error())
                .isEqualTo("bad-status");
        assertThat(send(
                                "8001",
                                "POST",
                                "/api/workorders",
                                "{\"department\":\"tax\",\"kind\":\"gossip\",\"description\":\"x\"}")
                        .error())
                .isEqualTo("unknown-kind");
        assertThat(send("8001", "POST", "/api/workorders", "{\"department\":\"nowhere\",\"description\":\"x\"}")
                        .error())
                .isEqualTo("unknown-department");
        assertThat(send("8001", "POST", "/api/workorders", "{\"department\":\"tax\"}")
                        .error())
                .isEqualTo("missing-field");
        String id = send(
                        "8001",
                        "POST",
                        "/api/workorders",
                        "{\"department\":\"tax\",\"description\":\"x\",\"dispatch\":false}")
                .body()
                .at("/workOrder/id")
                .asText();
        TestApi.Reply unknown = act("8001", id, "teleport", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("no-such-action");
        // Departments make no orders and reach no other endpoint.
        TestApi.Reply made = send("tax", "POST", "/api/workorders", "{\"department\":\"tax\",\"description\":\"x\"}");
        assertThat(made.status()).isEqualTo(403);
        assertThat(send("tax", "GET", "/api/calls", null).status()).isEqualTo(403);
        assertThat(act("8001", id, "dispatch", null)
                        .body()
                        .at("/workOrder/status")
                        .asText())
                .isEqualTo("dispatched");
    }
}
