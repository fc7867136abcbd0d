package org.hotline.cti.app.returnvisit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.dial.ClickToCall;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.returnvisit.ReturnVisits.Reason;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcWorkOrderStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** R17 over the real work-order machine and store: who is to be visited, and how the visit is dialled. */
class ReturnVisitsTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Actor TAX = Actor.department("tax", "tax");
    static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final MutableClock clock = new MutableClock(
            LocalDateTime.parse("2026-03-05T10:00").atZone(SHANGHAI).toInstant());
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    SHANGHAI),
            ThreeWayBudget.Settings.R10);
    final WorkOrderService orders = new WorkOrderService(
            new JdbcWorkOrderStore(db.dataSource()),
            new InMemoryCallStore(),
            rules,
            new LiveEvents(),
            WorkOrderMetrics.NONE,
            clock);
    final Telephony pbx = mock(Telephony.class);
    final ReturnVisits visits =
            new ReturnVisits(orders, new ClickToCall(pbx, Duration.ofSeconds(30), "callback"), clock);

    @AfterEach
    void close() {
        orders.close();
        db.close();
    }

    private WorkOrder fedBack(String caller) {
        WorkOrder o = orders.create(
                Actor.agent("8001"),
                new NewWorkOrder(
                        WorkOrderKind.HELP, WorkOrderOrigin.MANUAL, "tax", null, caller, null, "企业求助：发票增版", null),
                true);
        orders.sign(o.id(), TAX, "已电话联系企业");
        orders.complete(o.id(), TAX, "已办结");
        clock.advance(Duration.ofMinutes(5));
        return orders.feedback(o.id(), TAX, "已向企业反馈");
    }

    @Test
    void ordersAwaitingTheCallersJudgementComeFirstThenASampleOfClosedOnes() {
        WorkOrder first = fedBack("13800000001");
        WorkOrder second = fedBack("13800000002");
        WorkOrder done = fedBack("13800000003");
        orders.evaluate(done.id(), SUPERVISOR, Evaluation.SATISFIED);
        orders.close(done.id(), SUPERVISOR);
        WorkOrder open = orders.create(
                Actor.agent("8001"),
                new NewWorkOrder(
                        WorkOrderKind.HELP, WorkOrderOrigin.MANUAL, "tax", null, "13800000004", null, "尚未办结", null),
                true);

        var list = visits.list(SUPERVISOR);
        assertThat(list)
                .extracting(v -> v.order().id() + " " + v.reason())
                .containsExactly(
                        first.id() + " " + Reason.AWAITING_EVALUATION,
                        second.id() + " " + Reason.AWAITING_EVALUATION,
                        done.id() + " " + Reason.SAMPLE)
                .doesNotContain(open.id() + " " + Reason.AWAITING_EVALUATION);

        // The visit's result goes through the machine: a first 不满意 escalates (R15) and leaves the list.
        WorkOrder judged = orders.evaluate(first.id(), SUPERVISOR, Evaluation.DISSATISFIED);
        assertThat(judged.escalated()).isTrue();
        assertThat(visits.list(SUPERVISOR)).extracting(v -> v.order().id()).doesNotContain(first.id());

        // Closed more than 30 days ago: out of the sample.
        clock.advance(Duration.ofDays(31));
        assertThat(visits.list(SUPERVISOR)).extracting(v -> v.reason()).doesNotContain(Reason.SAMPLE);
    }

    @Test
    void dialRingsTheVisitorsPhoneThenTheCaller() {
        WorkOrder o = fedBack("13800000009");
        when(pbx.connected()).thenReturn(true);
        when(pbx.ring(any())).thenReturn(CompletableFuture.completedFuture(null));
        visits.dial(SUPERVISOR, o.id(), "8901");
        ArgumentCaptor<Telephony.Leg> leg = ArgumentCaptor.forClass(Telephony.Leg.class);
        verify(pbx).ring(leg.capture());
        assertThat(leg.getValue().target()).isEqualTo("PJSIP/8901");
        assertThat(leg.getValue().context()).isEqualTo("callback");
        assertThat(leg.getValue().exten()).isEqualTo("13800000009");

        assertThatThrownBy(() -> visits.dial(SUPERVISOR, o.id(), "89 01; System"))
                .isInstanceOf(CtiException.class)
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo(ErrorId.NO_EXTENSION.id());
        assertThatThrownBy(() -> visits.dial(Actor.department("market", "market"), o.id(), "8901"))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo(ErrorId.NOT_YOUR_ORDER.id());
        when(pbx.connected()).thenReturn(false);
        assertThatThrownBy(() -> visits.dial(SUPERVISOR, o.id(), "8901"))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo(ErrorId.AMI_DISCONNECTED.id());
        verify(pbx, times(1)).ring(any()); // the refusals rang nobody
    }
}
