package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.EscalationCause;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.Plan;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderLifecycle;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.hotline.cti.domain.workorder.WorkOrderTransition;
import org.hotline.cti.testing.MutableClock;

/** The work-order store's behaviour, run on H2 (JdbcWorkOrderStoreTest) and on PostgreSQL (PostgresStoreIT). */
final class WorkOrderStoreScenarios {
    // Microseconds on purpose: PostgreSQL keeps 6 digits. A Thursday, 10:00 in Shanghai.
    static final Instant T0 = Instant.parse("2026-03-05T02:00:00.123456Z");
    static final Actor AGENT = Actor.agent("8101");
    static final Actor TAX = Actor.department("tax", "tax");

    private WorkOrderStoreScenarios() {}

    /** A whole life stored step by step, with its trail, escalation once per cause, and a restart. */
    static void lifecycleRoundTrip(DataSource ds) {
        MutableClock clock = new MutableClock(T0);
        WorkOrderLifecycle machine =
                new WorkOrderLifecycle(WorkCalendar.alwaysOpen(ZoneId.of("Asia/Shanghai")), clock, "yingshang");
        JdbcWorkOrderStore store = new JdbcWorkOrderStore(ds);
        WorkOrderLifecycle.Step made = machine.create(
                new NewWorkOrder(
                        WorkOrderKind.SUGGESTION,
                        WorkOrderOrigin.TRANSFER_FAILED,
                        "tax",
                        "vat-credit-refund",
                        "13800000001",
                        "c1",
                        "增值税留抵退税：三方转接未接通（no-answer），请承办单位签收并联系企业",
                        org.hotline.cti.domain.transfer.FailureCause.NO_ANSWER),
                AGENT,
                true);
        WorkOrder o = store.create(made.order(), made.transitions());
        assertThat(o.id()).isPositive();
        assertThat(store.find(o.id())).contains(o);
        // Typed end to end (issue 12): the cause and the trail's triggers come back as enums, stored as
        // the same text the API and the pushes send.
        assertThat(store.find(o.id()).orElseThrow().cause())
                .isEqualTo(org.hotline.cti.domain.transfer.FailureCause.NO_ANSWER);
        assertThat(store.trail(o.id()))
                .extracting(t -> t.trigger())
                .containsExactly(
                        org.hotline.cti.domain.workorder.WorkOrderTrigger.CREATE,
                        org.hotline.cti.domain.workorder.WorkOrderTrigger.DISPATCH);
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT w.cause, a.event FROM work_orders w "
                        + "JOIN work_order_audit a ON a.order_id = w.id WHERE w.id = " + o.id() + " ORDER BY a.id")) {
            List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
            assertThat(rows).containsExactly("no-answer create", "no-answer dispatch");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        clock.advance(Duration.ofMinutes(30));
        WorkOrder signed = store.change(o.id(), x -> Optional.of(machine.sign(x, TAX, "已电话联系企业财务负责人")))
                .orElseThrow()
                .order();
        assertThat(signed.status()).isEqualTo(WorkOrderStatus.SIGNED);
        Plan plan = new Plan(List.of("调研", "起草", "发布"), LocalDate.parse("2026-09-30"), "李主任", "0469-4221234");
        store.change(o.id(), x -> Optional.of(machine.plan(x, TAX, plan)));
        store.change(
                o.id(),
                x -> Optional.of(
                        machine.joint(x, Actor.supervisor("supervisor"), "tax", List.of("market", "hrss"), "联席会议")));

        // A refused action stores nothing.
        assertThatThrownBy(() -> store.change(o.id(), x -> Optional.of(machine.extend(x, TAX, "太久", 9))))
                .isInstanceOf(CtiException.class)
                .hasFieldOrPropertyWithValue("id", "extension-limit");
        // Nothing to do: nothing stored either.
        assertThat(store.change(o.id(), machine::checkDeadlines)).isEmpty();
        assertThat(store.change(987654, x -> Optional.of(machine.sign(x, TAX, "x"))))
                .isEmpty();

        // Past the completion deadline: escalated once.
        clock.advance(Duration.ofDays(30));
        assertThat(store.change(o.id(), machine::checkDeadlines)).isPresent();
        assertThat(store.change(o.id(), machine::checkDeadlines)).isEmpty();

        // A restart: a new store over the same database sees everything.
        JdbcWorkOrderStore again = new JdbcWorkOrderStore(ds);
        WorkOrder back = again.find(o.id()).orElseThrow();
        assertThat(back.escalations()).containsOnlyKeys(EscalationCause.OVERDUE_COMPLETE);
        assertThat(back.plan()).isEqualTo(plan);
        assertThat(back.joint()).isTrue();
        assertThat(back.participants()).containsExactly("market", "hrss");
        assertThat(back.description()).contains("增值税留抵退税");
        assertThat(machine.checkDeadlines(back)).isEmpty();
        assertThat(again.escalationCounts(null))
                .containsEntry(EscalationCause.OVERDUE_COMPLETE, 1L)
                .containsEntry(EscalationCause.DISSATISFIED, 0L);
        assertThat(again.escalationCounts(T0)).containsEntry(EscalationCause.OVERDUE_COMPLETE, 0L);

        List<WorkOrderTransition> trail = again.trail(o.id());
        assertThat(trail)
                .extracting(WorkOrderTransition::line)
                .containsExactly(
                        "none -> create -> created",
                        "created -> dispatch -> dispatched",
                        "dispatched -> sign -> signed",
                        "signed -> plan -> signed",
                        "signed -> joint -> signed",
                        "signed -> escalate(overdue-complete) -> signed");
        assertThat(trail.get(2).by()).isEqualTo("tax");
        assertThat(trail.get(2).note()).isEqualTo("已电话联系企业财务负责人");
        assertThat(trail.get(2).at()).isEqualTo(T0.plus(Duration.ofMinutes(30)));

        // The rest of the way, and the report's view of the past.
        Instant signedAt = T0.plus(Duration.ofMinutes(30));
        WorkOrder done = again.change(o.id(), x -> Optional.of(machine.complete(x, TAX, "已告知企业分步方案")))
                .orElseThrow()
                .order();
        clock.advance(Duration.ofMinutes(1));
        again.change(o.id(), x -> Optional.of(machine.feedback(x, TAX, "已反馈")));
        again.change(
                o.id(), x -> Optional.of(machine.evaluate(x, Actor.supervisor("supervisor"), Evaluation.DISSATISFIED)));
        WorkOrder closed = again.change(o.id(), x -> Optional.of(machine.close(x, Actor.supervisor("supervisor"))))
                .orElseThrow()
                .order();
        assertThat(closed.escalations())
                .containsOnlyKeys(EscalationCause.OVERDUE_COMPLETE, EscalationCause.DISSATISFIED);
        assertThat(closed.firstEvaluation()).isEqualTo(Evaluation.DISSATISFIED);
        assertThat(again.open()).extracting(WorkOrder::id).doesNotContain(o.id());
        assertThat(again.openAt(signedAt.plusSeconds(1)))
                .extracting(WorkOrder::id)
                .contains(o.id());
        assertThat(again.openAt(closed.closedAt())).extracting(WorkOrder::id).doesNotContain(o.id());
        assertThat(again.statusAt(signedAt.plusSeconds(1), List.of(o.id())))
                .containsEntry(o.id(), WorkOrderStatus.SIGNED);
        assertThat(again.statusAt(done.completedAt(), List.of(o.id())))
                .containsEntry(o.id(), WorkOrderStatus.COMPLETED);
        assertThat(again.find(Set.of(WorkOrderStatus.CLOSED), T0, T0.plusSeconds(1), 10))
                .extracting(WorkOrder::id)
                .containsExactly(o.id());
        assertThat(again.find(Set.of(WorkOrderStatus.SIGNED), T0, T0.plusSeconds(1), 10))
                .isEmpty();
        assertThat(again.find(Set.of(), T0, T0.plusSeconds(1), 10)).hasSize(1);
    }
}
