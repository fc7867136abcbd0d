package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.rotation.RotationService;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcRotationStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rotation-session API over HTTP (docs/rotation.md) with the project's roster.yaml and calendar
 * and an H2 store: a Tuesday-morning session counts entities served against 50 (R4, R5), and is
 * refused outside a session with {@code outside-rotation-session}.
 */
class RotationApiTest {
    // Tuesday 3 March 2026, 09:00 in Shanghai: inside the 08:30–11:30 session.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T01:00:00Z"));
    private Database db;
    private TestApi api;

    @BeforeEach
    void start() {
        HotlineRules rules = TestApi.projectRules(false);
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        RotationService service = new RotationService(
                () -> rules.now().roster(), new JdbcRotationStore(db.dataSource()), new LiveEvents(), clock);
        Router router = new Router();
        new RotationApi(service, () -> rules.now().calendar().zone(), clock).register(router);
        api = new TestApi(router, TestApi.users(clock, "8001", "tax", "market"));
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    private TestApi.Reply send(String user, String method, String path, String body) throws Exception {
        return api.send(user, method, path, body);
    }

    @Test
    void aTuesdaySessionCountsDistinctEntitiesAgainstFifty() throws Exception {
        TestApi.Reply current = send("8001", "GET", "/api/rotation/current", null);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body().at("/session/date").asText()).isEqualTo("2026-03-03");
        assertThat(current.body().at("/session/inProgress").asBoolean()).isTrue();
        assertThat(current.body().at("/session/target").asInt()).isEqualTo(50);

        // A department user signs in as themself; an agent signs in the roster's Tuesday specialist by name.
        assertThat(send("tax", "POST", "/api/rotation/current/sign-in", null).status())
                .isEqualTo(200);
        TestApi.Reply byName = send("8001", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"王敏\"}");
        assertThat(byName.body().at("/session/signIns/1/specialist").asText()).isEqualTo("王敏");
        assertThat(byName.body().at("/session/signIns/1/department").asText()).isEqualTo("tax");
        assertThat(send("8001", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"刘洋\"}")
                        .error())
                .isEqualTo("unknown-specialist"); // 刘洋 sits on Fridays

        send(
                "tax",
                "POST",
                "/api/rotation/current/served",
                "{\"entity\":\"上海某某科技有限公司\",\"kind\":\"interpretation\",\"note\":\"留抵退税\"}");
        send(
                "8001",
                "POST",
                "/api/rotation/current/served",
                "{\"entity\":\"上海某某科技有限公司\",\"creditCode\":\"91310000MA1FL4XX2K\",\"kind\":\"application-help\"}");
        TestApi.Reply served =
                send("8001", "POST", "/api/rotation/current/served", "{\"entity\":\"李记面馆\",\"kind\":\"survey\"}");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body().at("/session/served").asInt()).isEqualTo(2);
        assertThat(served.body().at("/session/met").asBoolean()).isFalse();
        assertThat(served.body().at("/session/services").size()).isEqualTo(3);
        assertThat(served.body().at("/session/entities/0/creditCode").asText()).isEqualTo("91310000MA1FL4XX2K");

        TestApi.Reply bad =
                send("8001", "POST", "/api/rotation/current/served", "{\"entity\":\"某某公司\",\"kind\":\"lunch\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("unknown-kind");
        assertThat(send("8001", "POST", "/api/rotation/current/served", "{\"kind\":\"survey\"}")
                        .error())
                .isEqualTo("bad-entity");

        TestApi.Reply day = send("tax", "GET", "/api/rotation/sessions?date=2026-03-03", null);
        assertThat(day.body().at("/sessions/0/served").asInt()).isEqualTo(2);
    }

    @Test
    void outsideASessionSignInAndServedAreRefusedAndTheNextSessionIsShown() throws Exception {
        clock.set(Instant.parse("2026-03-04T01:00:00Z")); // Wednesday 09:00
        TestApi.Reply refused =
                send("8001", "POST", "/api/rotation/current/served", "{\"entity\":\"李记面馆\",\"kind\":\"survey\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo("outside-rotation-session");
        assertThat(send("tax", "POST", "/api/rotation/current/sign-in", null).error())
                .isEqualTo("outside-rotation-session");

        TestApi.Reply current = send("8001", "GET", "/api/rotation/current", null);
        assertThat(current.body().at("/session/date").asText()).isEqualTo("2026-03-06");
        assertThat(current.body().at("/session/inProgress").asBoolean()).isFalse();
        assertThat(send("8001", "GET", "/api/rotation/sessions?date=2026-03-04", null)
                        .body()
                        .get("sessions")
                        .size())
                .isZero();
    }

    @Test
    void theRosterIsShownAndEachPageSignsInOnlyItsOwnSpecialists() throws Exception {
        TestApi.Reply current = send("market", "GET", "/api/rotation/current", null);
        // R4: Tuesday's roster: 王敏 (tax) and 张丽 (market), nobody signed in yet.
        assertThat(current.body().at("/session/onDuty").findValuesAsText("specialist"))
                .containsExactly("王敏", "张丽");
        assertThat(current.body().at("/session/onDuty/0/signedIn").asBoolean()).isFalse();

        // The department page names one of its own specialists; another department's is refused.
        TestApi.Reply wrong = send("market", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"王敏\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.error()).isEqualTo("wrong-department");
        TestApi.Reply mine = send("market", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"张丽\"}");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().at("/session/onDuty/1/signedIn").asBoolean()).isTrue();
        assertThat(mine.body().at("/session/signIns/0/department").asText()).isEqualTo("market");

        // The softphone (an agent) signs in the tax specialist; a second sign-in keeps the first.
        send("8001", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"王敏\"}");
        clock.set(Instant.parse("2026-03-03T01:30:00Z"));
        TestApi.Reply again = send("8001", "POST", "/api/rotation/current/sign-in", "{\"specialist\":\"王敏\"}");
        assertThat(again.body().at("/session/signedIn").asInt()).isEqualTo(2);
        assertThat(again.body().at("/session/signIns/1/at").asText()).isEqualTo("2026-03-03T01:00:00Z");
        assertThat(send("8001", "POST", "/api/rotation/current/sign-in", "{}").error())
                .isEqualTo("missing-field");
    }
}
