package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.transfer.DayCounts;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.junit.jupiter.api.Test;

/** The day's ratios supervisors are judged by, counted as the rules say (R1, R12). */
class DailyStatsRatesTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z"); // a Monday, 10:00 in Shanghai
    private final Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
    // Written through the day's tally, as the server's writers do (issue 14 item 3).
    private final DayTally tally = new DayTally(clock, () -> ZoneId.of("Asia/Shanghai"));
    private final org.hotline.cti.app.port.CallStore calls = tally.calls(new InMemoryCallStore());
    private final org.hotline.cti.app.port.TransferStore transfers = tally.transfers(new InMemoryTransferStore());
    private final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    true,
                    ZoneId.of("Asia/Shanghai")),
            ThreeWayBudget.Settings.R10);
    private final DailyStats stats;

    DailyStatsRatesTest() {
        // The budget's forecast is another test's business; here it is the day's counts only.
        TransferOutcomes outcomes = mock(TransferOutcomes.class);
        when(outcomes.dayCounts(any())).thenReturn(new DayCounts(0, 0, List.of()));
        when(outcomes.dayCounts(any(), anyLong(), anyLong())).thenReturn(new DayCounts(0, 0, List.of()));
        stats = new DailyStats(calls, transfers, rules, outcomes, ThreeWayBudget.Settings.R10, clock, tally);
    }

    private void answeredCall(String id, int minute) {
        Instant at = T0.plusSeconds(60L * minute);
        Call c = new Call(id, "1380000000" + minute, "12345", at);
        for (CallEvent e : List.of(
                new CallEvent.Queued(id, at.plusSeconds(1), "enterprise-desk", 1),
                new CallEvent.Answered(id, at.plusSeconds(3), "8101"),
                new CallEvent.Ended(id, at.plusSeconds(50), 16, "Normal Clearing"))) {
            c.apply(e);
        }
        calls.save(CallRecord.of(c), c.timeline());
    }

    private void transfer(String callId, String outcome, String cause) {
        transfers.create(new TransferRecord(
                0,
                callId,
                "13800000000",
                "vat-credit-refund",
                "增值税留抵退税",
                "tax",
                "税务局",
                "70001",
                "8101",
                T0.plusSeconds(10),
                org.hotline.cti.domain.transfer.TransferAttempt.State.fromWire(
                        "connected".equals(outcome) ? "connected" : "failed"),
                cause == null ? null : org.hotline.cti.domain.transfer.FailureCause.fromId(cause),
                "sip:2001@127.0.0.3:5071",
                null,
                T0.plusSeconds(40),
                null,
                null,
                null));
    }

    @Test
    void r1ACallerWhoHungUpBeforeTheSpecialistAnsweredIsShownButNotHeldAgainstTheDepartment() {
        answeredCall("c1", 1);
        answeredCall("c2", 2);
        answeredCall("c3", 3);
        transfer("c1", "connected", null);
        transfer("c2", "failed", "no-answer");
        transfer("c3", "failed", "caller-gone");

        Map<String, Object> day = stats.today();
        assertThat(day.get("transferAttempts")).isEqualTo(3L);
        assertThat(day.get("transferCallerGone")).isEqualTo(1L);
        assertThat(day.get("transferConnectionRate")).isEqualTo(0.5); // 1 of the 2 the department could answer
        @SuppressWarnings("unchecked")
        Map<String, Object> tax = ((List<Map<String, Object>>) day.get("departments"))
                .stream().filter(d -> "tax".equals(d.get("code"))).findFirst().orElseThrow();
        assertThat(tax)
                .containsEntry("attempts", 3L)
                .containsEntry("callerGone", 1L)
                .containsEntry("rate", 0.5);
    }

    @Test
    void theGaugesRatiosAreTheDaysOwnWithoutLoadingItsCalls() {
        for (int i = 1; i <= 40; i++) {
            answeredCall("c" + i, i);
        }
        transfer("c1", "connected", null);
        transfer("c2", "failed", "no-answer");
        transfer("c3", "failed", "caller-gone");

        Map<String, Object> day = stats.today();
        Map<String, Object> ratios = stats.todayRatios();
        assertThat(ratios.get("transferConnectionRate"))
                .isEqualTo(day.get("transferConnectionRate"))
                .isEqualTo(0.5);
        assertThat(ratios.get("threeWayShare"))
                .isEqualTo(day.get("threeWayShare"))
                .isEqualTo(1 / 40.0);
    }

    @Test
    void onADayWithoutCallsTheGaugesSayNoShareAndNoRate() {
        assertThat(stats.todayRatios())
                .containsEntry("threeWayShare", 0.0)
                .containsEntry("transferConnectionRate", null);
        assertThat(stats.today().get("threeWayShare")).isEqualTo(0.0);
    }

    @Test
    void r12TheDirectRateIsOverWrappedUpCallsAndTheOthersAreCountedBeside() {
        answeredCall("c1", 1);
        answeredCall("c2", 2);
        answeredCall("c3", 3);
        transfers.saveWrapup(new Wrapup("c1", "8101", "annual-report", "direct", null, T0.plusSeconds(120)));
        transfers.saveWrapup(new Wrapup("c2", "8101", "vat-credit-refund", "transferred", null, T0.plusSeconds(180)));

        Map<String, Object> day = stats.today();
        assertThat(day.get("directResolutionRate")).isEqualTo(0.5);
        assertThat(day.get("wrappedUp")).isEqualTo(2L);
        assertThat(day.get("answeredNotWrappedUp")).isEqualTo(1L);
    }

    @Test
    void r18APastDayShowsTheCallbacksAsTheyStoodAtItsEndNotNow() {
        java.util.List<Instant> asked = new java.util.ArrayList<>();
        stats.useCallbacks(() -> new org.hotline.cti.domain.callback.CallbackStats(9, 9), at -> {
            asked.add(at);
            return new org.hotline.cti.domain.callback.CallbackStats(2, 1);
        });

        Map<String, Object> past = stats.day(java.time.LocalDate.of(2026, 11, 27));
        assertThat(past.get("callbacksPending")).isEqualTo(2L);
        assertThat(past.get("callbacksOverdue")).isEqualTo(1L);
        assertThat(asked).containsExactly(Instant.parse("2026-11-27T16:00:00Z")); // the day's end in Shanghai
        assertThat(stats.today().get("callbacksPending")).isEqualTo(9L);
    }
}
