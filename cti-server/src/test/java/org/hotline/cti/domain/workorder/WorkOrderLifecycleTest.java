package org.hotline.cti.domain.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.config.CalendarConfigLoader;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The work-order machine (R2, R13–R16) on the project's real holiday tables (config/calendar:
 * 2026 with 春节 15–23 February and its make-up Saturdays 14 and 28 February), with a clock the
 * tests move. Working hours 08:30–12:00 and 13:30–17:00, Asia/Shanghai.
 */
class WorkOrderLifecycleTest {

    static final WorkCalendar REAL = CalendarConfigLoader.load(Path.of("..", "config", "calendar"));
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static final Actor AGENT = Actor.agent("8001");
    static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    static final Actor TAX = Actor.department("tax", "tax");
    static final Actor MARKET = Actor.department("market", "market");
    static final Actor YINGSHANG = Actor.department("yingshang", "yingshang");

    final MutableClock clock = new MutableClock(at("2026-03-05T10:00"));
    final WorkOrderLifecycle machine = new WorkOrderLifecycle(REAL, clock, "yingshang");

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    void now(String local) {
        clock.set(at(local));
    }

    WorkOrder dispatched(WorkOrderKind kind, String department) {
        return machine.create(
                        new NewWorkOrder(
                                kind,
                                WorkOrderOrigin.MANUAL,
                                department,
                                null,
                                "13800000001",
                                null,
                                "企业反映留抵退税进度",
                                null),
                        AGENT,
                        true)
                .order()
                .withId(7);
    }

    WorkOrder signed(WorkOrderKind kind) {
        return machine.sign(dispatched(kind, "tax"), TAX, "已电话联系企业").order();
    }

    static List<String> lines(WorkOrderLifecycle.Step step) {
        return step.transitions().stream().map(WorkOrderTransition::line).toList();
    }

    @Nested
    class Deadlines {

        @ParameterizedTest(name = "dispatched {0}: sign by {1} (2 h of working time, R13)")
        @CsvSource({
            "2026-03-05T10:00, 2026-03-05T12:00", // inside the morning
            "2026-03-05T11:00, 2026-03-05T14:30", // over the lunch break
            "2026-03-05T16:00, 2026-03-06T09:30", // 1 h today, 1 h from 08:30 tomorrow
            "2026-03-06T16:30, 2026-03-09T10:00", // Friday afternoon: 30 min + 1.5 h on Monday
            "2026-03-06T20:00, 2026-03-09T10:30", // Friday night: counts from Monday 08:30
            "2026-03-07T10:00, 2026-03-09T10:30", // a Saturday
            "2026-02-13T16:00, 2026-02-14T09:30", // eve of 春节: the make-up Saturday 14 Feb is a working day
            "2026-02-14T16:00, 2026-02-24T09:30", // the make-up Saturday: then 春节 until Monday 23 Feb
        })
        void signByRunsInWorkingTimeOnly(String dispatchedAt, String signBy) {
            now(dispatchedAt);
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            assertThat(o.signBy()).isEqualTo(at(signBy));
        }

        @ParameterizedTest(name = "{0} dispatched {1}: complete by {2}")
        @CsvSource({
            "help,          2026-03-05T10:00, 2026-03-10T10:00", // Thu + 3 working days: Fri, Mon, Tue
            "suggestion,    2026-03-06T16:30, 2026-03-11T16:30", // Fri: Mon, Tue, Wed
            "consultation,  2026-03-06T16:30, 2026-03-11T16:30", // held to the 3-day limit (see WorkOrderKind)
            "complaint,     2026-03-06T16:30, 2026-03-13T16:30", // 5 working days
            "report,        2026-03-06T16:30, 2026-03-13T16:30",
            "help,          2026-02-13T16:00, 2026-02-25T16:00", // Sat 14 (make-up), 春节 15–23 off, Tue 24, Wed 25
            "complaint,     2026-02-13T16:00, 2026-02-27T16:00", // 14, 24, 25, 26, 27
            "complaint,     2026-02-24T09:00, 2026-03-02T09:00", // 25, 26, 27, Saturday 28 (make-up), Monday 2 March
        })
        void completeByCountsWorkingDays(String kind, String dispatchedAt, String completeBy) {
            now(dispatchedAt);
            WorkOrder o = dispatched(WorkOrderKind.fromWire(kind).orElseThrow(), "tax");
            assertThat(o.completeBy()).isEqualTo(at(completeBy));
        }

        @ParameterizedTest(name = "off-hours order made {0}: contact by {1} (R2)")
        @CsvSource({
            "2026-03-06T20:00, 2026-03-09T09:00", // Friday evening: Monday 09:00
            "2026-03-10T02:00, 2026-03-10T09:00", // a working day's small hours: 09:00 the same morning (今日)
            "2026-03-10T12:30, 2026-03-11T09:00", // lunch break: next morning
            "2026-02-13T20:00, 2026-02-14T09:00", // eve of 春节: the make-up Saturday
            "2026-02-14T18:00, 2026-02-24T09:00", // after the make-up Saturday: first day after 春节
            "2026-02-27T18:00, 2026-02-28T09:00", // Friday before the second make-up Saturday
        })
        void offHoursOrderIsDueAtNineOnTheNextWorkingDay(String madeAt, String due) {
            now(madeAt);
            WorkOrderLifecycle.Step step = machine.create(
                    new NewWorkOrder(
                            WorkOrderKind.OFF_HOURS_URGENT,
                            WorkOrderOrigin.OFF_HOURS,
                            "tax",
                            "vat-credit-refund",
                            "13800000001",
                            "c1",
                            "非工作时段诉求",
                            null),
                    Actor.SYSTEM,
                    true);
            WorkOrder o = step.order();
            assertThat(lines(step)).containsExactly("none -> create -> created", "created -> dispatch -> dispatched");
            assertThat(o.status()).isEqualTo(WorkOrderStatus.DISPATCHED);
            assertThat(o.dispatchedAt()).isEqualTo(at(madeAt));
            assertThat(o.signBy()).isEqualTo(at(due));
            assertThat(o.stage()).contains(Stage.SIGN);
            assertThat(o.deadline()).contains(at(due));
        }

        @Test
        void feedbackIsDueOneWorkingDayAfterCompletion() {
            WorkOrder o = signed(WorkOrderKind.HELP);
            now("2026-02-13T15:00");
            WorkOrder done = machine.complete(o, TAX, "已办结").order();
            assertThat(done.feedbackBy()).isEqualTo(at("2026-02-14T15:00")); // the make-up Saturday (R16)
            now("2026-02-14T15:00");
            WorkOrder done2 = machine.complete(o, TAX, "已办结").order();
            assertThat(done2.feedbackBy()).isEqualTo(at("2026-02-24T15:00")); // over 春节
        }

        @Test
        void overdueIsPerStage() {
            WorkOrder created = machine.create(
                            new NewWorkOrder(
                                    WorkOrderKind.HELP, WorkOrderOrigin.MANUAL, "tax", null, null, null, "诉求", null),
                            AGENT,
                            false)
                    .order()
                    .withId(3);
            assertThat(created.stage()).contains(Stage.DISPATCH);
            assertThat(created.dispatchBy()).isEqualTo(at("2026-03-05T10:05"));
            assertThat(created.overdue(at("2026-03-05T10:05"))).isFalse();
            assertThat(created.overdueStage(at("2026-03-05T10:06"))).contains(Stage.DISPATCH);

            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            assertThat(o.overdueStage(at("2026-03-05T12:01"))).contains(Stage.SIGN);
            now("2026-03-05T11:00");
            WorkOrder s = machine.sign(o, TAX, "已联系").order();
            assertThat(s.overdue(at("2026-03-05T12:01"))).isFalse();
            assertThat(s.overdueStage(at("2026-03-10T10:01"))).contains(Stage.COMPLETE);
            now("2026-03-06T10:00");
            WorkOrder c = machine.complete(s, TAX, "已办结").order();
            assertThat(c.overdueStage(at("2026-03-09T10:01"))).contains(Stage.FEEDBACK);
            WorkOrder f = machine.feedback(c, TAX, "已告知企业").order();
            assertThat(f.stage()).contains(Stage.EVALUATE);
            assertThat(f.overdue(at("2027-01-01T00:00"))).isFalse(); // evaluation has no deadline
        }
    }

    @Nested
    class Transitions {

        @Test
        void theWholeWayFromCreatedToClosed() {
            WorkOrderLifecycle.Step create = machine.create(
                    new NewWorkOrder(
                            WorkOrderKind.COMPLAINT,
                            WorkOrderOrigin.MANUAL,
                            "tax",
                            null,
                            "13800000001",
                            null,
                            "投诉办税服务厅",
                            null),
                    AGENT,
                    false);
            assertThat(lines(create)).containsExactly("none -> create -> created");
            WorkOrder o = create.order().withId(9);
            assertThat(o.createdBy()).isEqualTo("8001");

            now("2026-03-05T10:03");
            WorkOrderLifecycle.Step dispatch = machine.dispatch(o, AGENT, null);
            assertThat(lines(dispatch)).containsExactly("created -> dispatch -> dispatched");
            assertThat(dispatch.transitions().get(0).by()).isEqualTo("8001");
            assertThat(dispatch.transitions().get(0).at()).isEqualTo(at("2026-03-05T10:03"));
            o = dispatch.order();

            now("2026-03-05T11:00");
            WorkOrderLifecycle.Step sign = machine.sign(o, TAX, "已电话联系企业负责人");
            assertThat(lines(sign)).containsExactly("dispatched -> sign -> signed");
            assertThat(sign.transitions().get(0).note()).isEqualTo("已电话联系企业负责人");
            o = sign.order();
            assertThat(o.signedAt()).isEqualTo(at("2026-03-05T11:00"));

            WorkOrderLifecycle.Step complete = machine.complete(o, TAX, "已为企业开通绿色通道");
            assertThat(lines(complete)).containsExactly("signed -> complete -> completed");
            o = complete.order();
            assertThat(o.result()).isEqualTo("已为企业开通绿色通道");

            WorkOrderLifecycle.Step feedback = machine.feedback(o, TAX, "已电话告知企业办理结果");
            assertThat(lines(feedback)).containsExactly("completed -> feedback -> fed-back");
            o = feedback.order();

            WorkOrderLifecycle.Step evaluate = machine.evaluate(o, SUPERVISOR, Evaluation.SATISFIED);
            assertThat(lines(evaluate)).containsExactly("fed-back -> evaluate -> evaluated");
            assertThat(evaluate.commands()).isEmpty();
            o = evaluate.order();
            assertThat(o.firstEvaluation()).isEqualTo(Evaluation.SATISFIED);

            WorkOrderLifecycle.Step close = machine.close(o, SUPERVISOR);
            assertThat(lines(close)).containsExactly("evaluated -> close -> closed");
            assertThat(close.order().open()).isFalse();
            assertThat(close.order().stage()).isEmpty();
            assertThat(close.transitions().get(0).logLine("WO9"))
                    .isEqualTo("work order WO9: evaluated -> close -> closed (by supervisor)");
        }

        @Test
        void returnedAsNotOurRemitIsReDispatchedByASupervisor() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            now("2026-03-05T10:30");
            WorkOrderLifecycle.Step ret = machine.returnToHotline(o, TAX, "属区级事项，应由尖山区税务局办理");
            assertThat(lines(ret)).containsExactly("dispatched -> return -> returned");
            WorkOrder r = ret.order();
            assertThat(r.returnedBy()).isEqualTo("tax");
            assertThat(r.stage()).contains(Stage.DISPATCH);
            assertThat(r.dispatchBy()).isEqualTo(at("2026-03-05T10:35"));

            assertThatThrownBy(() -> machine.dispatch(r, AGENT, "tax-jianshan"))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
            assertThatThrownBy(() -> machine.dispatch(r, SUPERVISOR, null))
                    .hasFieldOrPropertyWithValue("id", "missing-field");

            now("2026-03-05T10:33");
            WorkOrderLifecycle.Step again = machine.dispatch(r, SUPERVISOR, "tax-jianshan");
            assertThat(lines(again)).containsExactly("returned -> dispatch -> dispatched");
            assertThat(again.order().department()).isEqualTo("tax-jianshan");
            assertThat(again.order().signBy()).isEqualTo(at("2026-03-05T14:03")); // the clock starts again
            assertThat(again.order().completeBy()).isEqualTo(at("2026-03-10T10:33"));
            // The department that returned it no longer sees it; the new one acts on it.
            assertThat(machine.visible(again.order(), TAX)).isFalse();
            assertThat(machine.sign(again.order(), Actor.department("jianshan", "tax-jianshan"), "已联系")
                            .order()
                            .status())
                    .isEqualTo(WorkOrderStatus.SIGNED);
        }

        @Test
        void aSignedOrderMayAlsoBeReturned() {
            WorkOrderLifecycle.Step ret = machine.returnToHotline(signed(WorkOrderKind.HELP), TAX, "应由市场监管局办理");
            assertThat(lines(ret)).containsExactly("signed -> return -> returned");
        }

        @Test
        void extensionWithAReasonMovesTheDeadlineByWorkingDays() {
            now("2026-02-12T10:00");
            WorkOrder o = signed(WorkOrderKind.HELP);
            assertThat(o.completeBy()).isEqualTo(at("2026-02-24T10:00")); // 13, 14 (make-up Sat), 24
            WorkOrderLifecycle.Step one = machine.extend(o, TAX, "需报分管领导研判", 1);
            assertThat(lines(one)).containsExactly("signed -> extend -> signed");
            assertThat(one.order().completeBy()).isEqualTo(at("2026-02-25T10:00"));
            WorkOrder two = machine.extend(one.order(), TAX, "需会商", 2).order();
            assertThat(two.completeBy()).isEqualTo(at("2026-02-27T10:00"));
            assertThat(two.extensionDays()).isEqualTo(3);

            assertThatThrownBy(() -> machine.extend(two, TAX, "还要再等", 1))
                    .isInstanceOf(CtiException.class)
                    .hasFieldOrPropertyWithValue("id", "extension-limit")
                    .hasMessageContaining("3 working days");
            assertThatThrownBy(() -> machine.extend(o, TAX, "一次四天", 4))
                    .hasFieldOrPropertyWithValue("id", "extension-limit");
            assertThatThrownBy(() -> machine.extend(o, TAX, "  ", 1))
                    .hasFieldOrPropertyWithValue("id", "reason-required");
            assertThatThrownBy(() -> machine.extend(o, TAX, null, 1))
                    .hasFieldOrPropertyWithValue("id", "reason-required");
            assertThatThrownBy(() -> machine.extend(o, TAX, "零天", 0))
                    .hasFieldOrPropertyWithValue("id", "bad-working-days");
        }

        @Test
        void jointHandlingFixedByTheSupervisionOfficeTakesFiveDaysExtendableToTen() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax"); // Thu 5 March 10:00
            now("2026-03-05T10:20");
            WorkOrderLifecycle.Step joint =
                    machine.joint(o, SUPERVISOR, "tax", List.of("market", "hrss", "tax"), "联席会议确定");
            assertThat(lines(joint)).containsExactly("dispatched -> joint -> dispatched");
            WorkOrder j = joint.order();
            assertThat(j.joint()).isTrue();
            assertThat(j.participants()).containsExactly("market", "hrss");
            assertThat(j.completeBy()).isEqualTo(at("2026-03-12T10:00")); // 5 working days from dispatch (R14)
            assertThat(machine.visible(j, MARKET)).isTrue(); // participants see it...
            assertThatThrownBy(() -> machine.sign(j, MARKET, "已联系")) // ...the lead acts
                    .hasFieldOrPropertyWithValue("id", "not-your-order");

            WorkOrder ext = machine.extend(j, TAX, "跨部门协调", 5).order();
            assertThat(ext.completeBy()).isEqualTo(at("2026-03-19T10:00")); // 10 working days in all
            assertThatThrownBy(() -> machine.extend(ext, TAX, "再延", 1))
                    .hasFieldOrPropertyWithValue("id", "extension-limit")
                    .hasMessageContaining("10 working days");

            assertThatThrownBy(() -> machine.joint(o, TAX, "tax", List.of("market"), null))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
            // The supervision office acts on what it sees: escalated orders (the hotline supervisor records the rest).
            assertThatThrownBy(() -> machine.joint(o, YINGSHANG, "tax", List.of("market"), null))
                    .hasFieldOrPropertyWithValue("id", "not-your-order");
            now("2026-03-05T12:01");
            WorkOrder late = machine.checkDeadlines(o).orElseThrow().order();
            assertThat(machine.joint(late, YINGSHANG, "tax", List.of("market"), null)
                            .order()
                            .joint())
                    .isTrue();
            assertThatThrownBy(() -> machine.joint(o, SUPERVISOR, "tax", List.of("tax"), null))
                    .hasFieldOrPropertyWithValue("id", "missing-field");
        }

        @Test
        void jointHandlingWithAnotherLeadDispatchesToIt() {
            WorkOrder o = dispatched(WorkOrderKind.COMPLAINT, "tax");
            WorkOrderLifecycle.Step joint = machine.joint(o, SUPERVISOR, "market", List.of("tax"), null);
            assertThat(joint.order().department()).isEqualTo("market");
            assertThat(joint.order().status()).isEqualTo(WorkOrderStatus.DISPATCHED);
            assertThat(joint.order().completeBy()).isEqualTo(at("2026-03-12T10:00"));
        }

        @Test
        void aLongTermSuggestionGetsAStepwisePlan() {
            WorkOrder o = signed(WorkOrderKind.SUGGESTION);
            Plan plan = new Plan(
                    List.of("调研企业需求", "起草政策", "征求意见后发布"), LocalDate.parse("2026-09-30"), "李主任", "0469-4221234");
            WorkOrderLifecycle.Step step = machine.plan(o, TAX, plan);
            assertThat(lines(step)).containsExactly("signed -> plan -> signed");
            assertThat(step.order().plan()).isEqualTo(plan);
            assertThat(machine.complete(step.order(), TAX, "已告知企业分步解决方案")
                            .order()
                            .status())
                    .isEqualTo(WorkOrderStatus.COMPLETED);

            assertThatThrownBy(() -> machine.plan(signed(WorkOrderKind.HELP), TAX, plan))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.plan(o, TAX, new Plan(List.of("一步"), null, "李主任", "电话")))
                    .hasFieldOrPropertyWithValue("id", "missing-field");
            assertThatThrownBy(
                            () -> machine.plan(o, TAX, new Plan(List.of(), LocalDate.parse("2026-09-30"), "李主任", "电话")))
                    .hasFieldOrPropertyWithValue("id", "missing-field");
        }

        @Test
        void handOverClosesTheOrderWithARecord() {
            WorkOrder o = signed(WorkOrderKind.REPORT);
            WorkOrderLifecycle.Step step = machine.handOver(o, SUPERVISOR, "市纪委监委", "涉及违纪违法线索");
            assertThat(lines(step)).containsExactly("signed -> hand-over -> closed");
            assertThat(step.order().handedOverTo()).isEqualTo("市纪委监委");
            assertThat(step.order().open()).isFalse();
            assertThat(step.transitions().get(0).note()).contains("市纪委监委").contains("涉及违纪违法线索");

            assertThatThrownBy(() -> machine.handOver(step.order(), SUPERVISOR, "市纪委监委", "再次移交"))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.handOver(o, SUPERVISOR, "市纪委监委", " "))
                    .hasFieldOrPropertyWithValue("id", "reason-required");
            assertThatThrownBy(() -> machine.handOver(o, SUPERVISOR, null, "原因"))
                    .hasFieldOrPropertyWithValue("id", "missing-field");
            assertThatThrownBy(() -> machine.handOver(o, TAX, "市纪委监委", "原因"))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
            assertThatThrownBy(() -> machine.handOver(o, AGENT, "市纪委监委", "原因"))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
            assertThatThrownBy(() -> machine.handOver(o, YINGSHANG, "市纪委监委", "原因"))
                    .hasFieldOrPropertyWithValue("id", "not-your-order");
            now("2026-03-17T10:01"); // past the report's 5 working days: escalated, so the office sees and may hand
            // over
            WorkOrder late = machine.checkDeadlines(o).orElseThrow().order();
            assertThat(machine.handOver(late, YINGSHANG, "市纪委监委", "涉及违纪违法线索")
                            .order()
                            .handedOverTo())
                    .isEqualTo("市纪委监委");
        }
    }

    @Nested
    class Refusals {

        @Test
        void anotherDepartmentMayNeitherSeeNorActOnTheOrder() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            assertThat(machine.visible(o, MARKET)).isFalse();
            assertThat(machine.visible(o, TAX)).isTrue();
            assertThat(machine.visible(o, AGENT)).isTrue();
            for (Runnable action : List.<Runnable>of(
                    () -> machine.sign(o, MARKET, "已联系"),
                    () -> machine.extend(o, MARKET, "原因", 1),
                    () -> machine.returnToHotline(o, MARKET, "不是我们的"),
                    () -> machine.evaluate(o, MARKET, Evaluation.SATISFIED),
                    () -> machine.close(o, MARKET),
                    () -> machine.dispatch(o, MARKET, "market"))) {
                assertThatThrownBy(action::run)
                        .isInstanceOf(CtiException.class)
                        .hasFieldOrPropertyWithValue("id", "not-your-order");
            }
            WorkOrder s = machine.sign(o, TAX, "已联系").order();
            assertThatThrownBy(() -> machine.complete(s, MARKET, "办结"))
                    .hasFieldOrPropertyWithValue("id", "not-your-order");
        }

        @Test
        void theHotlineDoesNotActForTheDepartmentNorTheDepartmentForTheHotline() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            assertThatThrownBy(() -> machine.sign(o, SUPERVISOR, "代签")).hasFieldOrPropertyWithValue("id", "forbidden");
            assertThatThrownBy(() -> machine.sign(o, AGENT, "代签")).hasFieldOrPropertyWithValue("id", "forbidden");
            assertThatThrownBy(() -> machine.create(
                            new NewWorkOrder(
                                    WorkOrderKind.HELP, WorkOrderOrigin.MANUAL, "tax", null, null, null, "自建", null),
                            TAX,
                            true))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
            WorkOrder fed = machine.feedback(
                            machine.complete(machine.sign(o, TAX, "已联系").order(), TAX, "办结")
                                    .order(),
                            TAX,
                            "已反馈")
                    .order();
            assertThatThrownBy(() -> machine.evaluate(fed, TAX, Evaluation.SATISFIED))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
            assertThatThrownBy(() -> machine.evaluate(fed, AGENT, Evaluation.SATISFIED))
                    .hasFieldOrPropertyWithValue("id", "forbidden");
        }

        @Test
        void everyActionOutOfTurnIsWrongState() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            assertThatThrownBy(() -> machine.complete(o, TAX, "办结")).hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.feedback(o, TAX, "反馈")).hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.evaluate(o, SUPERVISOR, Evaluation.SATISFIED))
                    .isInstanceOf(CtiException.class)
                    .hasFieldOrPropertyWithValue("id", "wrong-state")
                    .hasMessageContaining("dispatched")
                    .hasMessageContaining("evaluate");
            assertThatThrownBy(() -> machine.close(o, SUPERVISOR)).hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.dispatch(o, AGENT, null)).hasFieldOrPropertyWithValue("id", "wrong-state");

            WorkOrder s = machine.sign(o, TAX, "已联系").order();
            assertThatThrownBy(() -> machine.sign(s, TAX, "再签")).hasFieldOrPropertyWithValue("id", "wrong-state");
            WorkOrder c = machine.complete(s, TAX, "办结").order();
            // R16/R17: the caller evaluates what he was told, so not before feedback.
            assertThatThrownBy(() -> machine.evaluate(c, SUPERVISOR, Evaluation.SATISFIED))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.extend(c, TAX, "延期", 1)).hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.returnToHotline(c, TAX, "退回"))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
            WorkOrder f = machine.feedback(c, TAX, "已反馈").order();
            WorkOrder e = machine.evaluate(f, SUPERVISOR, Evaluation.BASICALLY_SATISFIED)
                    .order();
            assertThatThrownBy(() -> machine.evaluate(e, SUPERVISOR, Evaluation.SATISFIED))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
            assertThatThrownBy(() -> machine.dispatch(e, SUPERVISOR, null))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
            WorkOrder closed = machine.close(e, SUPERVISOR).order();
            assertThatThrownBy(() -> machine.close(closed, SUPERVISOR))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
        }

        @Test
        void requiredTextsAreRequired() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            assertThatThrownBy(() -> machine.sign(o, TAX, " "))
                    .hasFieldOrPropertyWithValue("id", "missing-field")
                    .hasMessageContaining("note");
            assertThatThrownBy(() -> machine.returnToHotline(o, TAX, ""))
                    .hasFieldOrPropertyWithValue("id", "reason-required");
            WorkOrder s = machine.sign(o, TAX, "已联系").order();
            assertThatThrownBy(() -> machine.complete(s, TAX, null))
                    .hasFieldOrPropertyWithValue("id", "missing-field")
                    .hasMessageContaining("result");
            WorkOrder c = machine.complete(s, TAX, "办结").order();
            assertThatThrownBy(() -> machine.feedback(c, TAX, "")).hasFieldOrPropertyWithValue("id", "missing-field");
            assertThatThrownBy(() -> machine.create(
                            new NewWorkOrder(
                                    WorkOrderKind.HELP, WorkOrderOrigin.MANUAL, "tax", null, null, null, " ", null),
                            AGENT,
                            true))
                    .hasFieldOrPropertyWithValue("id", "missing-field");
        }

        @Test
        void aRefusalChangesNothing() {
            WorkOrder o = signed(WorkOrderKind.HELP);
            WorkOrder copy = o.withId(o.id());
            assertThatThrownBy(() -> machine.extend(o, TAX, "太久", 9));
            assertThat(o).isEqualTo(copy);
        }
    }

    @Nested
    class Escalation {

        @Test
        void anUnsignedOrderEscalatesOnceWhenItsSignByPasses() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax"); // sign by 12:00
            now("2026-03-05T12:00");
            assertThat(machine.checkDeadlines(o)).isEmpty();
            now("2026-03-05T12:01");
            WorkOrderLifecycle.Step step = machine.checkDeadlines(o).orElseThrow();
            assertThat(lines(step)).containsExactly("dispatched -> escalate(overdue-sign) -> dispatched");
            assertThat(step.commands())
                    .containsExactly(new WorkOrderCommand.Escalate(
                            EscalationCause.OVERDUE_SIGN, "yingshang", at("2026-03-05T12:01")));
            WorkOrder escalated = step.order();
            assertThat(escalated.escalations()).containsOnlyKeys(EscalationCause.OVERDUE_SIGN);
            now("2026-03-05T15:00");
            assertThat(machine.checkDeadlines(escalated)).isEmpty(); // exactly once per cause
            // The supervision office now sees it; before, it did not.
            assertThat(machine.visible(o, YINGSHANG)).isFalse();
            assertThat(machine.visible(escalated, YINGSHANG)).isTrue();
            assertThat(machine.visible(escalated, MARKET)).isFalse();
            // Signing late later does not escalate again.
            assertThat(machine.sign(escalated, TAX, "已联系").commands()).isEmpty();
        }

        @Test
        void aLateActionEscalatesWhenNoCheckRanInTime() {
            WorkOrder o = dispatched(WorkOrderKind.HELP, "tax");
            now("2026-03-05T16:00");
            WorkOrderLifecycle.Step sign = machine.sign(o, TAX, "已联系");
            assertThat(lines(sign))
                    .containsExactly(
                            "dispatched -> escalate(overdue-sign) -> dispatched", "dispatched -> sign -> signed");
            assertThat(sign.commands())
                    .extracting(c -> ((WorkOrderCommand.Escalate) c).cause())
                    .containsExactly(EscalationCause.OVERDUE_SIGN);
        }

        @Test
        void eachStageEscalatesForItsOwnCause() {
            WorkOrder o = machine.sign(dispatched(WorkOrderKind.HELP, "tax"), TAX, "已联系")
                    .order(); // complete by Tue 10 Mar 10:00
            now("2026-03-10T10:01");
            WorkOrder late = machine.checkDeadlines(o).orElseThrow().order();
            assertThat(late.escalations()).containsOnlyKeys(EscalationCause.OVERDUE_COMPLETE);
            now("2026-03-10T11:00");
            WorkOrder done = machine.complete(late, TAX, "办结").order(); // feedback by Wed 11 Mar 11:00
            now("2026-03-11T11:01");
            WorkOrderLifecycle.Step step = machine.checkDeadlines(done).orElseThrow();
            assertThat(lines(step)).containsExactly("completed -> escalate(overdue-feedback) -> completed");
            assertThat(step.order().escalations())
                    .containsOnlyKeys(EscalationCause.OVERDUE_COMPLETE, EscalationCause.OVERDUE_FEEDBACK);
        }

        @Test
        void aLateDispatchIsCountedButNotEscalated() {
            WorkOrder o = machine.create(
                            new NewWorkOrder(
                                    WorkOrderKind.HELP, WorkOrderOrigin.MANUAL, "tax", null, null, null, "诉求", null),
                            AGENT,
                            false)
                    .order();
            now("2026-03-05T11:00");
            assertThat(o.overdue(clock.instant())).isTrue();
            assertThat(machine.checkDeadlines(o)).isEmpty();
        }

        @Test
        void aFirstEvaluationDissatisfiedEscalatesOnceEvenWhenHandledAgain() {
            WorkOrder o = machine.feedback(
                            machine.complete(signed(WorkOrderKind.COMPLAINT), TAX, "办结")
                                    .order(),
                            TAX,
                            "已反馈")
                    .order();
            WorkOrderLifecycle.Step bad = machine.evaluate(o, SUPERVISOR, Evaluation.DISSATISFIED);
            assertThat(lines(bad))
                    .containsExactly(
                            "fed-back -> evaluate -> evaluated", "evaluated -> escalate(dissatisfied) -> evaluated");
            assertThat(bad.commands())
                    .containsExactly(
                            new WorkOrderCommand.Escalate(EscalationCause.DISSATISFIED, "yingshang", clock.instant()));
            assertThat(machine.visible(bad.order(), YINGSHANG)).isTrue();

            // Handled again under supervision, and again not satisfied: not a first evaluation, no second escalation.
            WorkOrderLifecycle.Step again = machine.dispatch(bad.order(), YINGSHANG, null);
            assertThat(lines(again)).containsExactly("evaluated -> dispatch -> dispatched");
            WorkOrder redo = again.order();
            assertThat(redo.evaluation()).isNull();
            assertThat(redo.firstEvaluation()).isEqualTo(Evaluation.DISSATISFIED);
            WorkOrder fed = machine.feedback(
                            machine.complete(machine.sign(redo, TAX, "再次联系").order(), TAX, "重新办理")
                                    .order(),
                            TAX,
                            "已反馈")
                    .order();
            WorkOrderLifecycle.Step second = machine.evaluate(fed, SUPERVISOR, Evaluation.DISSATISFIED);
            assertThat(second.commands()).isEmpty();
            assertThat(second.order().escalations()).containsOnlyKeys(EscalationCause.DISSATISFIED);
        }

        @Test
        void aSatisfiedEvaluationDoesNotEscalateNorMayItBeReHandled() {
            WorkOrder o = machine.feedback(
                            machine.complete(signed(WorkOrderKind.HELP), TAX, "办结")
                                    .order(),
                            TAX,
                            "已反馈")
                    .order();
            WorkOrderLifecycle.Step good = machine.evaluate(o, SUPERVISOR, Evaluation.BASICALLY_SATISFIED);
            assertThat(good.commands()).isEmpty();
            assertThat(good.order().escalated()).isFalse();
            assertThatThrownBy(() -> machine.dispatch(good.order(), SUPERVISOR, null))
                    .hasFieldOrPropertyWithValue("id", "wrong-state");
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (WorkOrderKind k : WorkOrderKind.values()) {
            assertThat(WorkOrderKind.fromWire(k.wireName())).contains(k);
        }
        assertThat(Evaluation.fromWire("不满意")).contains(Evaluation.DISSATISFIED);
        assertThat(Evaluation.fromWire("basically-satisfied")).contains(Evaluation.BASICALLY_SATISFIED);
        assertThat(Evaluation.fromWire("so-so")).isEmpty();
        assertThat(WorkOrderStatus.fromWire("fed-back")).contains(WorkOrderStatus.FED_BACK);
        assertThat(Duration.between(at("2026-03-05T10:00"), at("2026-03-05T10:05")))
                .isEqualTo(WorkOrderLifecycle.DISPATCH_WITHIN);
    }
}
