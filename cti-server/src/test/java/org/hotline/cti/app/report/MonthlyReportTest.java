package org.hotline.cti.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.workorder.EscalationCause;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.Stage;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.hotline.cti.domain.workorder.WorkOrderTransition;
import org.junit.jupiter.api.Test;

/**
 * The monthly bulletin (R18) on seeded records for November 2026, each figure checked against a
 * count by hand (the comments say which records make it).
 */
class MonthlyReportTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    true,
                    ZONE),
            ThreeWayBudget.Settings.R10);
    private final InMemoryCallStore calls = new InMemoryCallStore();
    private final InMemoryTransferStore transfers = new InMemoryTransferStore();
    private final WorkOrderStore orders = mock(WorkOrderStore.class);
    private final CallbackStore callbacks = mock(CallbackStore.class);
    private final List<WorkOrder> seeded = new ArrayList<>();

    /** A local time in the hotline's zone. */
    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant();
    }

    /** An order; the instants not given are null (the step not reached). */
    private static final class O {
        long id;
        String dep = "tax";
        Instant created;
        WorkOrderStatus status = WorkOrderStatus.CLOSED;
        Instant dispatchBy;
        Instant dispatchedAt;
        Instant signBy;
        Instant signedAt;
        Instant completeBy;
        Instant completedAt;
        Instant feedbackBy;
        Instant fedBackAt;
        Instant evaluatedAt;
        int extensionDays;
        Evaluation evaluation;
        Map<EscalationCause, Instant> escalations = new EnumMap<>(EscalationCause.class);

        WorkOrder build() {
            return new WorkOrder(
                    id,
                    WorkOrderKind.HELP,
                    WorkOrderOrigin.MANUAL,
                    dep,
                    "vat-credit-refund",
                    "13800000000",
                    null,
                    "留抵退税进度",
                    null,
                    "hotline",
                    created,
                    status,
                    dispatchBy,
                    dispatchedAt,
                    signBy,
                    signedAt,
                    completeBy,
                    completedAt,
                    feedbackBy,
                    fedBackAt,
                    evaluatedAt,
                    null,
                    extensionDays,
                    false,
                    List.of(),
                    null,
                    null,
                    evaluation,
                    evaluation,
                    null,
                    null,
                    null,
                    escalations);
        }
    }

    private void order(O o) {
        seeded.add(o.build());
    }

    private void transfer(String dep, Instant requestedAt, String outcome, String cause) {
        transfers.create(new TransferRecord(
                0,
                "c",
                "13800000000",
                "vat-credit-refund",
                "增值税留抵退税",
                dep,
                dep,
                "70001",
                "8101",
                requestedAt,
                org.hotline.cti.domain.transfer.TransferAttempt.State.fromWire(
                        "connected".equals(outcome) ? "connected" : "failed"),
                cause == null ? null : org.hotline.cti.domain.transfer.FailureCause.fromId(cause),
                "sip:2001@127.0.0.3:5071",
                null,
                requestedAt.plusSeconds(30),
                null,
                null,
                null));
    }

    private void call(String id, Instant at) {
        Call c = new Call(id, "13800000000", "12345", at);
        for (CallEvent e : List.of(
                new CallEvent.Queued(id, at.plusSeconds(1), "enterprise-desk", 1),
                new CallEvent.Answered(id, at.plusSeconds(3), "8101"),
                new CallEvent.Ended(id, at.plusSeconds(50), 16, "Normal Clearing"))) {
            c.apply(e);
        }
        calls.save(CallRecord.of(c), c.timeline());
    }

    private static Callback callback(String number, Instant missAt, Instant reachedAt) {
        Callback c = Callback.open(
                number, new Miss("m-" + number, missAt, "no-answer"), new Callback.Assignment("王主管", "8201"));
        return reachedAt == null ? c : c.record(CallbackResult.REACHED, "已回复", "wang", reachedAt);
    }

    private MonthlyReport.Month november(Instant now) {
        when(orders.find(any(), any(), any(), anyInt())).thenReturn(seeded);
        when(orders.trail(anyLong())).thenReturn(List.of());
        when(orders.trail(2L))
                .thenReturn(List.of(new WorkOrderTransition(
                        "tax1",
                        at("2026-11-12T10:00"),
                        WorkOrderStatus.SIGNED,
                        org.hotline.cti.domain.workorder.WorkOrderTrigger.EXTEND,
                        WorkOrderStatus.SIGNED,
                        "需领导审批",
                        List.of())));
        return new MonthlyReport(orders, transfers, calls, callbacks, rules, Clock.fixed(now, ZONE))
                .of(YearMonth.of(2026, 11));
    }

    private void seed() {
        // 1: received, completed on time, evaluated 满意
        O o1 = new O();
        o1.id = 1;
        o1.created = at("2026-11-03T09:00");
        o1.dispatchBy = at("2026-11-03T09:05");
        o1.dispatchedAt = at("2026-11-03T09:02");
        o1.signBy = at("2026-11-03T11:00");
        o1.signedAt = at("2026-11-03T10:00");
        o1.completeBy = at("2026-11-06T17:00");
        o1.completedAt = at("2026-11-05T15:00");
        o1.feedbackBy = at("2026-11-06T15:00");
        o1.fedBackAt = at("2026-11-05T16:00");
        o1.evaluatedAt = at("2026-11-07T10:00");
        o1.evaluation = Evaluation.SATISFIED;
        order(o1);
        // 2: received, signed late, extended on the 12th, completed late, never fed back, escalated twice
        O o2 = new O();
        o2.id = 2;
        o2.status = WorkOrderStatus.COMPLETED;
        o2.created = at("2026-11-10T09:00");
        o2.dispatchBy = at("2026-11-10T09:05");
        o2.dispatchedAt = at("2026-11-10T09:01");
        o2.signBy = at("2026-11-10T11:00");
        o2.signedAt = at("2026-11-10T12:00");
        o2.completeBy = at("2026-11-18T17:00");
        o2.completedAt = at("2026-11-20T10:00");
        o2.feedbackBy = at("2026-11-23T10:00");
        o2.extensionDays = 3;
        o2.escalations.put(EscalationCause.OVERDUE_SIGN, at("2026-11-10T11:00"));
        o2.escalations.put(EscalationCause.OVERDUE_COMPLETE, at("2026-11-18T17:00"));
        order(o2);
        // 3: made in October, completed on time in November, evaluated 不满意 and escalated for it
        O o3 = new O();
        o3.id = 3;
        o3.created = at("2026-10-26T09:00");
        o3.completeBy = at("2026-11-02T17:00");
        o3.completedAt = at("2026-11-01T10:00");
        o3.evaluatedAt = at("2026-11-03T10:00");
        o3.evaluation = Evaluation.DISSATISFIED;
        o3.escalations.put(EscalationCause.DISSATISFIED, at("2026-11-03T10:00"));
        order(o3);
        // 4: received, never dispatched (the hotline's own step overdue)
        O o4 = new O();
        o4.id = 4;
        o4.status = WorkOrderStatus.CREATED;
        o4.created = at("2026-11-28T09:00");
        o4.dispatchBy = at("2026-11-28T09:05");
        order(o4);
        // 5: received on the 30th; its sign deadline falls in December: nothing overdue in November
        O o5 = new O();
        o5.id = 5;
        o5.status = WorkOrderStatus.DISPATCHED;
        o5.created = at("2026-11-30T16:00");
        o5.dispatchBy = at("2026-11-30T16:05");
        o5.dispatchedAt = at("2026-11-30T16:01");
        o5.signBy = at("2026-12-01T09:00");
        order(o5);
        // 6: received, completed on time, evaluated 基本满意
        O o6 = new O();
        o6.id = 6;
        o6.created = at("2026-11-02T09:00");
        o6.completeBy = at("2026-11-20T17:00");
        o6.completedAt = at("2026-11-14T10:00");
        o6.evaluatedAt = at("2026-11-15T10:00");
        o6.evaluation = Evaluation.BASICALLY_SATISFIED;
        order(o6);
        // 7 (market): its completion deadline passed on the 30th; completed and evaluated only in December
        O m1 = new O();
        m1.id = 7;
        m1.dep = "market";
        m1.created = at("2026-11-05T09:00");
        m1.completeBy = at("2026-11-30T10:00");
        m1.completedAt = at("2026-12-01T10:00");
        m1.evaluatedAt = at("2026-12-02T10:00");
        m1.evaluation = Evaluation.SATISFIED;
        order(m1);

        // transfers (R1): tax 3 in November (connected, no-answer, caller-gone) and 1 in October; market 1 connected
        transfer("tax", at("2026-11-04T10:00"), "connected", null);
        transfer("tax", at("2026-11-05T10:00"), "failed", "no-answer");
        transfer("tax", at("2026-11-06T10:00"), "failed", "caller-gone");
        transfer("tax", at("2026-10-30T10:00"), "connected", null);
        transfer("market", at("2026-11-07T10:00"), "connected", null);
        // calls: 4 in November, 1 on 1 December
        call("k1", at("2026-11-01T00:00"));
        call("k2", at("2026-11-04T10:00"));
        call("k3", at("2026-11-15T10:00"));
        call("k4", at("2026-11-30T23:59"));
        call("k5", at("2026-12-01T00:00"));
        // wrap-ups (R12): 2 direct + 1 transferred in November, 1 direct in October
        transfers.saveWrapup(new Wrapup("k1", "8101", "annual-report", "direct", null, at("2026-11-01T00:02")));
        transfers.saveWrapup(new Wrapup("k2", "8101", "annual-report", "direct", null, at("2026-11-04T10:05")));
        transfers.saveWrapup(
                new Wrapup("k3", "8101", "vat-credit-refund", "transferred", null, at("2026-11-15T10:05")));
        transfers.saveWrapup(new Wrapup("k0", "8101", "annual-report", "direct", null, at("2026-10-31T10:05")));
        // callbacks (R11): due in November: a (in time), b (late), d (still pending), e (missed in October, in time);
        // c is due in December
        when(callbacks.list(any()))
                .thenReturn(List.of(
                        callback("a", at("2026-11-10T10:00"), at("2026-11-10T15:00")),
                        callback("b", at("2026-11-20T10:00"), at("2026-11-22T10:00")),
                        callback("c", at("2026-11-30T20:00"), null),
                        callback("d", at("2026-11-25T10:00"), null),
                        callback("e", at("2026-10-31T12:00"), at("2026-10-31T18:00"))));
    }

    private static MonthlyReport.DepartmentLine line(MonthlyReport.Month m, String code) {
        return m.departments().stream()
                .filter(d -> d.code().equals(code))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void r18EveryDepartmentFigureMatchesTheHandCount() {
        seed();
        MonthlyReport.Month m = november(at("2026-12-05T10:00"));

        assertThat(m.asOf()).isEqualTo(at("2026-12-01T00:00"));
        MonthlyReport.DepartmentLine tax = line(m, "tax");
        assertThat(tax.received()).isEqualTo(5); // 1, 2, 4, 5, 6 (3 was made in October)
        assertThat(tax.completed()).isEqualTo(4); // 1, 2, 3, 6
        assertThat(tax.completedOnTime()).isEqualTo(3); // 1, 3, 6 (2 was late)
        assertThat(tax.overdueByStage())
                .containsEntry(Stage.DISPATCH, 1L) // 4
                .containsEntry(Stage.SIGN, 1L) // 2 (5's deadline is in December)
                .containsEntry(Stage.COMPLETE, 1L) // 2
                .containsEntry(Stage.FEEDBACK, 1L); // 2
        assertThat(tax.overdue()).isEqualTo(4);
        assertThat(tax.extended()).isEqualTo(1); // 2
        assertThat(tax.escalated()).isEqualTo(2); // 2 and 3
        assertThat(tax.evaluated()).isEqualTo(3); // 1, 3, 6
        assertThat(tax.satisfied()).isEqualTo(2); // 1 满意, 6 基本满意
        assertThat(tax.satisfactionRate()).isEqualTo(2.0 / 3);
        assertThat(tax.transferAttempts()).isEqualTo(3); // the October one is not November's
        assertThat(tax.transferConnected()).isEqualTo(1);
        assertThat(tax.transferCallerGone()).isEqualTo(1);
        assertThat(tax.connectionRate()).isEqualTo(0.5); // R1: 1 of the 2 the department could answer

        MonthlyReport.DepartmentLine market = line(m, "market");
        assertThat(market.received()).isEqualTo(1);
        assertThat(market.completed()).isZero(); // completed in December
        assertThat(market.overdueByStage()).containsEntry(Stage.COMPLETE, 1L);
        assertThat(market.evaluated()).isZero();
        assertThat(market.satisfactionRate()).isNull(); // nobody evaluated: no rate, not 0 %
        assertThat(market.connectionRate()).isEqualTo(1.0);

        MonthlyReport.Hotline h = m.hotline();
        assertThat(h.calls()).isEqualTo(4); // k1..k4
        assertThat(h.threeWayCalls()).isEqualTo(2); // tax + market connected in November
        assertThat(h.threeWayShare()).isEqualTo(0.5);
        assertThat(h.wrappedUp()).isEqualTo(3);
        assertThat(h.direct()).isEqualTo(2);
        assertThat(h.directResolutionRate()).isEqualTo(2.0 / 3);
        assertThat(h.callbacksDue()).isEqualTo(4); // a, b, d, e
        assertThat(h.callbacksDoneInTime()).isEqualTo(2); // a, e
        assertThat(h.callbacksInTimeRate()).isEqualTo(0.5);
    }

    @Test
    void r18TheCurrentMonthCountsOnlyDeadlinesAlreadyPassed() {
        seed();
        // On 28 November at 09:03 order 4's dispatch deadline (09:05) has not passed yet, and order 7's
        // completion deadline (the 30th) lies ahead.
        MonthlyReport.Month m = november(at("2026-11-28T09:03"));

        assertThat(m.asOf()).isEqualTo(at("2026-11-28T09:03"));
        assertThat(line(m, "tax").overdueByStage())
                .containsEntry(Stage.DISPATCH, 0L)
                .containsEntry(Stage.SIGN, 1L);
        assertThat(line(m, "market").overdueByStage()).containsEntry(Stage.COMPLETE, 0L);
        assertThat(m.hotline().callbacksDoneInTime()).isEqualTo(2);
    }
}
