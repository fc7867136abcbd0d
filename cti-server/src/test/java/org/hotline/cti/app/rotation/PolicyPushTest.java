package org.hotline.cti.app.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.domain.rotation.PushMessage;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcPushOutbox;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * R5 policy push through the outbox (H2): a good list queues one message per target, a gateway
 * collects and acknowledges them, a delivered message serves its entity in the session; a bad list
 * stores nothing; an unacknowledged message is offered again after the lease.
 */
class PolicyPushTest {
    static final String LIST = "\uFEFF名称,统一社会信用代码,电话,联系人\r\n"
            + "双鸭山市某某农业有限公司,91230500MA1BXXXX3K,0469-4221234,王经理\r\n"
            + "宝清县李记面馆,,13904691234,\r\n"
            + "集贤县丰收合作社,,13904691235,赵会计\r\n";

    final MutableClock clock = new MutableClock(RotationServiceTest.at("2026-03-03T09:00")); // a Tuesday session
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcPushOutbox outbox = new JdbcPushOutbox(db.dataSource());
    final RotationService rotation = new RotationService(
            () -> RotationServiceTest.ROSTER, new RotationServiceTest.FakeStore(), new LiveEvents(), clock);
    final PolicyPush push = new PolicyPush(rotation, outbox, new LiveEvents(), clock);

    @AfterEach
    void close() {
        db.close();
    }

    private PolicyPush.Campaign upload(String csv) {
        return push.push(
                new PolicyPush.Upload(
                        "小微企业“六税两费”减免政策",
                        "2027年底前，小规模纳税人、小型微利企业和个体工商户可减半征收“六税两费”。",
                        "targets.csv",
                        csv.getBytes(StandardCharsets.UTF_8),
                        "tax"),
                "tax");
    }

    @Test
    void eachTargetGetsAMessageAndADeliveredOneServesItsEntity() {
        PolicyPush.Campaign c = upload(LIST);
        assertThat(c.messages()).hasSize(3).allMatch(m -> m.status() == PushMessage.Status.QUEUED);
        assertThat(c.messages().get(0).body())
                .startsWith("【12345惠企通】双鸭山市某某农业有限公司 王经理：您好！小微企业“六税两费”减免政策。")
                .endsWith("请拨打12345。");
        assertThat(c.messages().get(1).phone()).isEqualTo("13904691234");

        List<PushMessage> taken = push.collect("sms-gateway", 2);
        assertThat(taken).extracting(PushMessage::row).containsExactly(2, 3);
        assertThat(push.collect("sms-gateway", 10)).extracting(PushMessage::row).containsExactly(4);
        assertThat(push.collect("sms-gateway", 10)).isEmpty();

        push.acknowledge(taken.get(0).id(), "delivered", null, "sms-gateway");
        PushMessage failed = push.acknowledge(taken.get(1).id(), "failed", "空号", "sms-gateway");
        assertThat(failed.status()).isEqualTo(PushMessage.Status.FAILED);
        assertThat(failed.reason()).isEqualTo("空号");
        assertThat(push.campaign(c.campaign().id()).counts())
                .containsEntry("delivered", 1L)
                .containsEntry("failed", 1L)
                .containsEntry("collected", 1L)
                .containsEntry("queued", 0L);
        // R5: only the delivered one served its entity, for the department that pushed.
        var session = rotation.inProgress().orElseThrow();
        assertThat(session.servedCount()).isEqualTo(1);
        assertThat(session.services().get(0).kind().wireName()).isEqualTo("policy-push");
        assertThat(session.services().get(0).department()).isEqualTo("tax");

        assertThatThrownBy(() -> push.acknowledge(taken.get(0).id(), "failed", "", "sms-gateway"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.WRONG_STATE));
        assertThatThrownBy(() -> push.acknowledge(taken.get(0).id(), "read", "", "sms-gateway"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.BAD_STATUS));
    }

    @Test
    void aMessageCollectedButNeverAcknowledgedIsOfferedAgainAfterTheLease() {
        upload(LIST);
        List<PushMessage> first = push.collect("gateway-a", 1);
        clock.advance(PolicyPush.LEASE.minus(Duration.ofSeconds(1)));
        assertThat(push.collect("gateway-b", 1))
                .extracting(PushMessage::id)
                .doesNotContain(first.get(0).id());
        clock.advance(Duration.ofSeconds(2));
        List<PushMessage> again = push.collect("gateway-b", 5);
        assertThat(again).extracting(PushMessage::id).contains(first.get(0).id());
        assertThat(again)
                .filteredOn(m -> m.id() == first.get(0).id())
                .singleElement()
                .satisfies(m -> assertThat(m.collector()).isEqualTo("gateway-b"));
    }

    @Test
    void aListWithABadRowStoresNothingAndSaysWhichRows() {
        String bad = LIST + "某某物流有限公司,,12345abc,\r\n,,13904691299,\r\n";
        assertThatThrownBy(() -> upload(bad)).isInstanceOfSatisfying(CtiException.class, e -> {
            assertThat(e.error()).isEqualTo(ErrorId.BAD_TARGET_LIST);
            assertThat(e.getMessage()).contains("2 bad row(s), nothing stored; row 5");
            assertThat(e.details().toString()).contains("row=5").contains("row=6");
        });
        assertThat(push.campaigns(
                        clock.instant().atZone(RotationServiceTest.SHANGHAI).toLocalDate()))
                .isEmpty();
        assertThat(push.outbox(null, 100)).isEmpty();
    }

    @Test
    void aPushNeedsASessionInProgressAndATitle() {
        assertThatThrownBy(() -> push.push(
                        new PolicyPush.Upload(" ", "", "t.csv", LIST.getBytes(StandardCharsets.UTF_8), "tax"), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.BAD_POLICY));
        clock.set(RotationServiceTest.at("2026-03-04T09:00")); // Wednesday
        assertThatThrownBy(() -> upload(LIST))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.OUTSIDE_ROTATION_SESSION));
    }

    @Test
    void theLongestListAllowedIsQueuedWhole() {
        StringBuilder csv = new StringBuilder("名称,电话\n");
        for (int i = 0; i < org.hotline.cti.domain.rotation.TargetList.MAX_TARGETS; i++) {
            csv.append("企业")
                    .append(i)
                    .append(",1390469")
                    .append(String.format("%04d", i))
                    .append('\n');
        }
        PolicyPush.Campaign c = upload(csv.toString());
        assertThat(c.messages()).hasSize(org.hotline.cti.domain.rotation.TargetList.MAX_TARGETS);
        assertThat(push.collect("sms", PolicyPush.MAX_COLLECT)).hasSize(PolicyPush.MAX_COLLECT);
        assertThatThrownBy(() -> upload(csv + "多一家,13904699999\n"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.getMessage()).contains("more than 5000"));
    }

    /**
     * The database, but the {@code n}-th message row written fails (the disk fills, the server is
     * killed): everything before it in the same transaction must go too.
     */
    private static javax.sql.DataSource failingAtMessage(javax.sql.DataSource real, int n) {
        java.util.concurrent.atomic.AtomicInteger rows = new java.util.concurrent.atomic.AtomicInteger();
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                PolicyPushTest.class.getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (p, m, args) -> {
                    Object r = invoke(real, m, args);
                    if (!"getConnection".equals(m.getName())) {
                        return r;
                    }
                    java.sql.Connection con = (java.sql.Connection) r;
                    return java.lang.reflect.Proxy.newProxyInstance(
                            PolicyPushTest.class.getClassLoader(),
                            new Class<?>[] {java.sql.Connection.class},
                            (cp, cm, cargs) -> {
                                if ("prepareStatement".equals(cm.getName())
                                        && ((String) cargs[0]).startsWith("INSERT INTO push_outbox")
                                        && rows.incrementAndGet() == n) {
                                    throw new java.sql.SQLException("No space left on device");
                                }
                                return invoke(con, cm, cargs);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** R5: a push and its messages are one transaction: a failure half-way leaves no empty push. */
    @Test
    void aFailureWhileQueueingTheMessagesLeavesNoPushAndTheSameListCanBePushedAgain() {
        PolicyPush failing = new PolicyPush(
                rotation, new JdbcPushOutbox(failingAtMessage(db.dataSource(), 2)), new LiveEvents(), clock);
        assertThatThrownBy(() -> failing.push(
                        new PolicyPush.Upload(
                                "六税两费减免", "", "targets.csv", LIST.getBytes(StandardCharsets.UTF_8), "tax"),
                        "tax"))
                .isInstanceOfSatisfying(CtiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorId.STORE_FAILED);
                    assertThat(e.getMessage()).contains("No space left on device");
                });
        java.time.LocalDate today =
                clock.instant().atZone(RotationServiceTest.SHANGHAI).toLocalDate();
        assertThat(push.campaigns(today)).as("no push without its messages").isEmpty();
        assertThat(push.outbox(null, 100)).isEmpty();

        PolicyPush.Campaign again = upload(LIST);
        assertThat(push.campaigns(today))
                .singleElement()
                .satisfies(c -> assertThat(c.messages()).hasSize(3));
        assertThat(again.messages()).extracting(PushMessage::row).containsExactly(2, 3, 4);
    }
}
