package org.hotline.cti.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.transfer.DayCounts;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.transfer.TransferAttempt;
import org.hotline.cti.domain.transfer.TransferCommand;
import org.hotline.cti.domain.transfer.TransferOutcome;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * What transfers leave behind (issue 12 item 4): the day's counts and the R10 forecast's history
 * (issue 13 item 5), the R1 metrics and pushes of a finished attempt, and the R2/R13 work orders.
 */
class TransferOutcomesTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Saturday 2026-10-24, 10:00 in Shanghai: an ordinary weekend day in the project's 2026 calendar. */
    static final Instant NOW =
            LocalDateTime.of(2026, 10, 24, 10, 0).atZone(SHANGHAI).toInstant();

    final InMemoryCallStore calls = new InMemoryCallStore();
    final InMemoryTransferStore transfers = new InMemoryTransferStore();
    final MutableClock clock = new MutableClock(NOW);
    final LiveEvents events = new LiveEvents();
    final List<LiveEvents.Event> pushed = new CopyOnWriteArrayList<>();
    final List<String> metrics = new CopyOnWriteArrayList<>();
    final FakeWorkOrders orders = new FakeWorkOrders();

    TransferOutcomesTest() {
        events.subscribe(pushed::add);
    }

    TransferOutcomes outcomes(int lookbackWeeks) {
        HotlineRules rules = new HotlineRules(
                new RuleFileSet(
                        Path.of("../config/departments.yaml"),
                        Path.of("../config/calendar"),
                        Path.of("../config/roster.yaml"),
                        false, // the real calendar: holidays and make-up working days
                        SHANGHAI),
                new ThreeWayBudget.Settings(0.04, lookbackWeeks, 100));
        TransferMetrics recording = new TransferMetrics() {
            @Override
            public void attemptFinished(String department, TransferOutcome outcome, FailureCause cause) {
                metrics.add(department + " " + outcome.wireName() + " " + (cause == null ? "none" : cause.id()));
            }

            @Override
            public void setupTime(Duration requestToJoined) {
                metrics.add("setup " + requestToJoined.toMillis() + " ms");
            }
        };
        return new TransferOutcomes(
                calls,
                transfers,
                new WorkOrderService(orders.store(), calls, rules, events, WorkOrderMetrics.NONE, clock),
                rules,
                events,
                recording,
                clock);
    }

    /** {@code n} calls arriving on {@code day} from 09:00 local, one a minute. */
    void callsOn(LocalDate day, int n) {
        Instant nine = day.atTime(9, 0).atZone(SHANGHAI).toInstant();
        for (int i = 0; i < n; i++) {
            Call c = new Call(day + "-" + i, "1380000" + i, "12345", nine.plusSeconds(60L * i));
            calls.save(CallRecord.of(c), c.timeline());
        }
    }

    /** An attempt in {@code state} ({@code requested}, {@code ringing}, {@code connected}, {@code failed}). */
    static TransferRecord attempt(String callId, String state, String cause, Instant at, Instant connectedAt) {
        return new TransferRecord(
                0,
                callId,
                "13800000000",
                "vat-credit-refund",
                "增值税留抵退税",
                "tax",
                "税务局",
                "70001",
                "8101",
                at,
                TransferAttempt.State.fromWire(state),
                cause == null ? null : FailureCause.fromId(cause),
                "sip:2001@127.0.0.3:5071",
                connectedAt,
                null,
                null,
                null,
                null);
    }

    @Test
    void r10HolidaysAndMakeUpWorkingDaysAreLeftOutOfTheForecast() {
        LocalDate today = LocalDate.of(2026, 10, 24);
        callsOn(today.minusWeeks(1), 30); // 10-17, an ordinary Saturday
        callsOn(today.minusWeeks(2), 400); // 10-10, a make-up working day (调休) after National Day
        callsOn(today.minusWeeks(3), 5); // 10-03, National Day holiday
        callsOn(today.minusWeeks(4), 7); // 09-26, Mid-Autumn holiday
        callsOn(today.minusWeeks(5), 50); // 09-19, an ordinary Saturday, beyond 4 weeks

        DayCounts four = outcomes(4).dayCounts(NOW);
        assertThat(four.recentSameWeekdayCalls()).containsExactly(30L);
        assertThat(ThreeWayBudget.forDay(new ThreeWayBudget.Settings(0.04, 4, 100), four)
                        .expectedCalls())
                .as("the floor of 100 does not replace a real history of 30 calls")
                .isEqualTo(30);
    }

    @Test
    void r10LookbackWeeksIsHonoured() {
        LocalDate today = LocalDate.of(2026, 10, 24);
        callsOn(today.minusWeeks(1), 30);
        callsOn(today.minusWeeks(5), 50);
        callsOn(today.minusWeeks(6), 70);

        assertThat(outcomes(1).dayCounts(NOW).recentSameWeekdayCalls()).containsExactly(30L);
        assertThat(outcomes(5).dayCounts(NOW).recentSameWeekdayCalls()).containsExactly(30L, 50L);
        assertThat(outcomes(6).dayCounts(NOW).recentSameWeekdayCalls()).containsExactly(30L, 50L, 70L);
        var six = ThreeWayBudget.forDay(
                new ThreeWayBudget.Settings(0.04, 6, 100), outcomes(6).dayCounts(NOW));
        assertThat(six.expectedCalls()).isEqualTo(50);
        assertThat(six.limit()).isEqualTo(2);
    }

    @Test
    void r10WithoutAnyHistoryTheFloorStandsIn() {
        DayCounts none = outcomes(4).dayCounts(NOW);
        assertThat(none.recentSameWeekdayCalls()).isEmpty();
        assertThat(ThreeWayBudget.forDay(ThreeWayBudget.Settings.R10, none).limit())
                .isEqualTo(4);
    }

    @Test
    void todaysCountsAreCallsSoFarAndThreeWayCallsNotFailed() {
        callsOn(LocalDate.of(2026, 10, 24), 12); // 09:00..09:11, all before NOW
        callsOn(LocalDate.of(2026, 10, 23), 99); // yesterday: not today's
        transfers.create(attempt("c1", "connected", null, NOW.minusSeconds(600), NOW.minusSeconds(580)));
        transfers.create(attempt("c2", "ringing", null, NOW.minusSeconds(60), null)); // it takes budget
        transfers.create(attempt("c3", "failed", "no-answer", NOW.minusSeconds(300), null));

        DayCounts today = outcomes(4).dayCounts(NOW);
        assertThat(today.callsSoFar()).isEqualTo(12);
        assertThat(today.threeWayCallsSoFar()).isEqualTo(2);
    }

    /**
     * Issue 14 item 4: R10's snapshot for a transfer decision comes from the counts kept from the
     * writes (DayTally) once they are complete for today: the same figures as the two queries,
     * without them; before the tally is rebuilt, or for another day, the queries answer.
     */
    @Test
    void r10DecisionCountsComeFromTheKeptCountsWhenCompleteTheSameAsTheQueries() {
        org.hotline.cti.app.DayTally tally = new org.hotline.cti.app.DayTally(clock, () -> SHANGHAI);
        TransferOutcomes o = outcomes(4);
        o.useKeptCounts(tally.keptCounts());
        var talliedCalls = tally.calls(calls);
        var talliedTransfers = tally.transfers(transfers);
        callsOn(LocalDate.of(2026, 10, 23), 99); // yesterday: not today's
        talliedTransfers.create(attempt("c0", "connected", null, NOW.minusSeconds(3600), NOW.minusSeconds(3580)));

        int before = transfers.countQueries.get();
        o.dayCountsNow(NOW);
        assertThat(transfers.countQueries.get())
                .as("not rebuilt yet: the queries answer")
                .isEqualTo(before + 1);

        tally.rebuild(calls, transfers);
        Instant nine = LocalDate.of(2026, 10, 24).atTime(9, 0).atZone(SHANGHAI).toInstant();
        for (int i = 0; i < 12; i++) { // 09:00..09:11, written as the call model writes them
            Call c = new Call("t-" + i, "1380000" + i, "12345", nine.plusSeconds(60L * i));
            talliedCalls.save(CallRecord.of(c), c.timeline());
        }
        talliedTransfers.create(attempt("c2", "ringing", null, NOW.minusSeconds(60), null)); // it takes budget
        talliedTransfers.create(attempt("c3", "failed", "no-answer", NOW.minusSeconds(300), null));

        before = transfers.countQueries.get();
        DayCounts kept = o.dayCountsNow(NOW);
        assertThat(transfers.countQueries.get()).as("no query").isEqualTo(before);
        DayCounts queried = o.dayCounts(NOW);
        assertThat(kept.callsSoFar()).isEqualTo(queried.callsSoFar()).isEqualTo(12);
        assertThat(kept.threeWayCallsSoFar())
                .isEqualTo(queried.threeWayCallsSoFar())
                .isEqualTo(2);
        assertThat(kept.recentSameWeekdayCalls()).isEqualTo(queried.recentSameWeekdayCalls());

        clock.set(NOW.plus(Duration.ofDays(1)));
        before = transfers.countQueries.get();
        o.dayCountsNow(NOW); // a day the tally no longer keeps
        assertThat(transfers.countQueries.get()).isEqualTo(before + 1);
    }

    @Test
    void r1AFinishedAttemptIsCountedTimedAndPushedToTheAgentWhoAsked() {
        TransferOutcomes o = outcomes(4);
        o.finished(attempt("c1", "connected", null, NOW.minusSeconds(20), NOW.minusSeconds(8)));
        o.finished(attempt("c2", "failed", "busy", NOW.minusSeconds(20), null));

        assertThat(metrics).containsExactly("tax connected none", "setup 12000 ms", "tax failed busy");
        assertThat(pushed).extracting(LiveEvents.Event::type).containsExactly("transfer.result", "transfer.result");
        assertThat(pushed).extracting(LiveEvents.Event::toUser).containsOnly("8101");
        @SuppressWarnings("unchecked")
        Map<String, Object> first =
                (Map<String, Object>) ((Map<String, Object>) pushed.get(0).data()).get("transfer");
        assertThat(first).containsEntry("outcome", "connected").containsEntry("setupSeconds", 12.0);
    }

    @Test
    void r13AFailedTransferBecomesAHelpOrderForTheDepartmentNamingTheCause() {
        TransferOutcomes o = outcomes(4);
        TransferRecord failed = attempt("c2", "failed", "no-answer", NOW.minusSeconds(30), null);
        WorkOrder order = o.transferFailedWorkOrder(
                new TransferCommand.CreateWorkOrder(
                        "tax", "vat-credit-refund", "13800000000", FailureCause.NO_ANSWER, NOW.plusSeconds(300)),
                failed);

        assertThat(order.kind()).isEqualTo(WorkOrderKind.HELP);
        assertThat(order.department()).isEqualTo("tax");
        assertThat(order.caller()).isEqualTo("13800000000");
        assertThat(order.description()).contains("三方转接未接通", "no-answer", "R13");
        assertThat(orders.orders).hasSize(1);
    }
}
