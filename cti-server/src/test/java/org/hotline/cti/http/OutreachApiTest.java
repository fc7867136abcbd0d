package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.dial.ClickToCall;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.rotation.OutreachCalls;
import org.hotline.cti.app.rotation.PolicyPush;
import org.hotline.cti.app.rotation.RotationService;
import org.hotline.cti.app.rotation.Surveys;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.config.SurveyLoader;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcOutreachCallStore;
import org.hotline.cti.store.JdbcPushOutbox;
import org.hotline.cti.store.JdbcRotationStore;
import org.hotline.cti.store.JdbcSurveyStore;
import org.hotline.cti.store.JdbcWorkOrderStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rotation session's outreach over HTTP (docs/rotation.md) with the project's roster and calendar
 * and an H2 store: a department calls an entity and records the result (R5), pushes a policy to an
 * uploaded list that a gateway collects and acknowledges, and gets a 4xx with a stable id for bad input.
 */
class OutreachApiTest {
    // Tuesday 3 March 2026, 09:00 in Shanghai: inside the 08:30–11:30 session.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T01:00:00Z"));
    private final Telephony pbx = mock(Telephony.class);
    private Database db;
    private TestApi api;
    private WorkOrderService orders;

    @BeforeEach
    void start() {
        HotlineRules rules = TestApi.projectRules(false);
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        RotationService rotation = new RotationService(
                () -> rules.now().roster(), new JdbcRotationStore(db.dataSource()), new LiveEvents(), clock);
        JdbcPushOutbox outbox = new JdbcPushOutbox(db.dataSource());
        Router router = new Router();
        new RotationApi(rotation, () -> rules.now().calendar().zone(), clock).register(router);
        new OutreachApi(
                        rotation,
                        new OutreachCalls(
                                rotation,
                                new JdbcOutreachCallStore(db.dataSource()),
                                new ClickToCall(pbx, Duration.ofSeconds(30), "callback"),
                                Runnable::run,
                                clock),
                        () -> rules.now().calendar().zone(),
                        clock)
                .register(router);
        new PushApi(
                        new PolicyPush(rotation, outbox, new LiveEvents(), clock),
                        () -> rules.now().calendar().zone(),
                        clock)
                .register(router);
        orders = new WorkOrderService(
                new JdbcWorkOrderStore(db.dataSource()),
                new InMemoryCallStore(),
                rules,
                new LiveEvents(),
                WorkOrderMetrics.NONE,
                clock);
        new WorkOrderApi(orders, rules, clock).register(router);
        new SurveyApi(
                        new Surveys(
                                () -> SurveyLoader.load(
                                        Path.of("../config/survey.yaml"),
                                        code -> rules.now()
                                                .directory()
                                                .department(code)
                                                .isPresent()),
                                rotation,
                                new JdbcSurveyStore(db.dataSource()),
                                orders,
                                clock),
                        () -> rules.now().calendar().zone(),
                        clock)
                .register(router);
        api = new TestApi(router, TestApi.users(clock, "supervisor", "8001", "tax", "market"));
    }

    @AfterEach
    void stop() {
        api.close();
        orders.close();
        db.close();
    }

    private TestApi.Reply send(String user, String method, String path, String body) throws Exception {
        return api.send(user, method, path, body);
    }

    @Test
    void aDepartmentCallsAnEntityFromItsSpecialistsPhoneAndRecordsTheResult() throws Exception {
        when(pbx.connected()).thenReturn(true);
        when(pbx.ring(any())).thenReturn(CompletableFuture.completedFuture(null));
        TestApi.Reply made = send(
                "tax",
                "POST",
                "/api/rotation/current/calls",
                "{\"entity\":\"双鸭山市某某农业有限公司\",\"phone\":\"0469-4221234\",\"kind\":\"application-help\"}");
        assertThat(made.status()).as(made.body().toString()).isEqualTo(200);
        // No extension given: the tax specialist on Tuesday's duty (王敏, 7101) is rung first.
        assertThat(made.body().at("/call/extension").asText()).isEqualTo("7101");
        assertThat(made.body().at("/call/department").asText()).isEqualTo("tax");
        long id = made.body().at("/call/id").asLong();

        TestApi.Reply notTheirs =
                send("market", "POST", "/api/rotation/calls/" + id + "/result", "{\"result\":\"reached\"}");
        assertThat(notTheirs.status()).isEqualTo(403);
        assertThat(notTheirs.error()).isEqualTo("not-your-call");
        assertThat(send("market", "GET", "/api/rotation/calls", null)
                        .body()
                        .get("calls")
                        .size())
                .isZero();
        assertThat(send("tax", "POST", "/api/rotation/calls/" + id + "/result", "{\"result\":\"maybe\"}")
                        .error())
                .isEqualTo("bad-result");
        TestApi.Reply done = send(
                "tax", "POST", "/api/rotation/calls/" + id + "/result", "{\"result\":\"reached\",\"note\":\"已辅导申报\"}");
        assertThat(done.body().at("/call/resultLabel").asText()).isEqualTo("已解读/辅导");
        assertThat(send("tax", "GET", "/api/rotation/current", null)
                        .body()
                        .at("/session/served")
                        .asInt())
                .isEqualTo(1);

        TestApi.Reply badPhone = send(
                "8001",
                "POST",
                "/api/rotation/current/calls",
                "{\"entity\":\"某某公司\",\"phone\":\"call me\",\"kind\":\"interpretation\"}");
        assertThat(badPhone.status()).isEqualTo(400);
        assertThat(badPhone.error()).isEqualTo("bad-phone");
        assertThat(send("tax", "POST", "/api/rotation/calls/x1/result", "{\"result\":\"reached\"}")
                        .error())
                .isEqualTo("bad-id");
        assertThat(send("tax", "POST", "/api/rotation/calls/999/result", "{\"result\":\"reached\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aPolicyPushedToAnUploadedListIsCollectedAndAcknowledgedByTheGateway() throws Exception {
        byte[] csv = ("\uFEFF企业名称,统一社会信用代码,联系电话\r\n"
                        + "双鸭山市某某农业有限公司,91230500MA1BXXXX3K,0469-4221234\r\n"
                        + "宝清县李记面馆,,13904691234\r\n")
                .getBytes(StandardCharsets.UTF_8);
        TestApi.Reply pushed = send(
                "tax",
                "POST",
                "/api/rotation/current/pushes",
                "{\"title\":\"小微企业“六税两费”减免政策\",\"text\":\"可减半征收。\",\"fileName\":\"名单.csv\",\"csvBase64\":\""
                        + Base64.getEncoder().encodeToString(csv) + "\"}");
        assertThat(pushed.status()).as(pushed.body().toString()).isEqualTo(200);
        assertThat(pushed.body().at("/push/targets").asInt()).isEqualTo(2);
        assertThat(pushed.body().at("/push/counts/queued").asInt()).isEqualTo(2);
        long push = pushed.body().at("/push/id").asLong();

        // The gateway (a supervisor or admin token) collects, sends and acknowledges.
        assertThat(send("8001", "POST", "/api/push/outbox/collect", "{}").status())
                .isEqualTo(403);
        TestApi.Reply taken =
                send("supervisor", "POST", "/api/push/outbox/collect", "{\"collector\":\"sms\",\"limit\":10}");
        assertThat(taken.body().get("messages").size()).isEqualTo(2);
        assertThat(taken.body().at("/messages/0/body").asText()).contains("双鸭山市某某农业有限公司");
        long first = taken.body().at("/messages/0/id").asLong();
        long second = taken.body().at("/messages/1/id").asLong();
        send("supervisor", "POST", "/api/push/outbox/" + first + "/ack", "{\"status\":\"delivered\"}");
        send("supervisor", "POST", "/api/push/outbox/" + second + "/ack", "{\"status\":\"failed\",\"reason\":\"空号\"}");
        assertThat(send("supervisor", "POST", "/api/push/outbox/" + second + "/ack", "{\"status\":\"delivered\"}")
                        .status())
                .isEqualTo(409);

        // The department follows each target's delivery; another department does not see it.
        TestApi.Reply followed = send("tax", "GET", "/api/rotation/pushes/" + push, null);
        assertThat(followed.body().at("/push/messages/0/status").asText()).isEqualTo("delivered");
        assertThat(followed.body().at("/push/messages/1/statusLabel").asText()).isEqualTo("发送失败");
        assertThat(followed.body().at("/push/messages/1/reason").asText()).isEqualTo("空号");
        assertThat(send("market", "GET", "/api/rotation/pushes/" + push, null).status())
                .isEqualTo(403);
        assertThat(send("market", "GET", "/api/rotation/pushes", null)
                        .body()
                        .get("pushes")
                        .size())
                .isZero();
        assertThat(send("tax", "GET", "/api/rotation/current", null)
                        .body()
                        .at("/session/served")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aBadListIsRefusedWithEveryBadRowAndNothingIsStored() throws Exception {
        String csv = "名称,电话\\n某某科技有限公司,13904691234\\n某某商贸有限公司,12345abc\\n=cmd|' /C calc'!A0,13904691235\\n";
        TestApi.Reply bad = send(
                "tax",
                "POST",
                "/api/rotation/current/pushes",
                "{\"title\":\"稳岗返还\",\"text\":\"\",\"csv\":\"" + csv + "\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("bad-target-list");
        assertThat(bad.body().at("/error/details/badRows").asInt()).isEqualTo(2);
        assertThat(bad.body().at("/error/details/rows/0/row").asInt()).isEqualTo(3);
        assertThat(bad.body().at("/error/details/rows/1/row").asInt()).isEqualTo(4);
        assertThat(bad.body().at("/error/details/rows/1/reason").asText()).contains("formula");
        assertThat(send("tax", "GET", "/api/rotation/pushes", null)
                        .body()
                        .get("pushes")
                        .size())
                .isZero();
        assertThat(send("supervisor", "GET", "/api/push/outbox", null)
                        .body()
                        .get("messages")
                        .size())
                .isZero();
        assertThat(send("tax", "POST", "/api/rotation/current/pushes", "{\"title\":\"稳岗返还\"}")
                        .error())
                .isEqualTo("bad-target-list");
        assertThat(send("tax", "POST", "/api/rotation/current/pushes", "{\"csv\":\"名称,电话\\n某,13904691234\"}")
                        .error())
                .isEqualTo("bad-policy");
        assertThat(send("supervisor", "GET", "/api/push/outbox?status=lost", null)
                        .error())
                .isEqualTo("bad-status");
    }

    @Test
    void aSurveyItemThatCannotBeAnsweredAtOnceBecomesAnOrderTheDepartmentSees() throws Exception {
        TestApi.Reply questions = send("8001", "GET", "/api/rotation/survey", null);
        assertThat(questions.body().at("/questions/0/id").asText()).isEqualTo("overall");
        TestApi.Reply done = send(
                "8001",
                "POST",
                "/api/rotation/current/surveys",
                "{\"entity\":\"宝清县李记面馆\",\"phone\":\"13904691234\",\"answers\":["
                        + "{\"question\":\"overall\",\"answer\":\"满意\"},"
                        + "{\"question\":\"policy-benefit\",\"followUp\":\"个体户能否享受六税两费减半，需税务局答复\"}]}");
        assertThat(done.status()).as(done.body().toString()).isEqualTo(200);
        assertThat(done.body().at("/workOrders/0/department").asText()).isEqualTo("tax");
        assertThat(done.body().at("/served").asInt()).isEqualTo(1);
        String order = done.body().at("/workOrders/0/id").asText();

        // Tracked like any other order: in the tax department's inbox with its deadline.
        TestApi.Reply inbox = send("tax", "GET", "/api/workorders", null);
        assertThat(inbox.body().get("workOrders").findValuesAsText("id")).contains(order);
        assertThat(send("tax", "GET", "/api/rotation/surveys", null)
                        .body()
                        .get("answers")
                        .size())
                .isZero(); // the agent's survey was for no department
        TestApi.Reply all = send("supervisor", "GET", "/api/rotation/surveys", null);
        assertThat(all.body().at("/answers/1/workOrder").asText()).isEqualTo(order);
        assertThat(all.body().at("/answers/0/answer").asText()).isEqualTo("满意");

        TestApi.Reply bad = send(
                "8001",
                "POST",
                "/api/rotation/current/surveys",
                "{\"entity\":\"某某公司\",\"answers\":[{\"question\":\"overall\",\"answer\":\"还行\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("bad-answer");
        assertThat(send(
                                "8001",
                                "POST",
                                "/api/rotation/current/surveys",
                                "{\"entity\":\"某某公司\",\"answers\":[{\"question\":\"weather\",\"answer\":\"晴\"}]}")
                        .error())
                .isEqualTo("unknown-question");
    }
}
