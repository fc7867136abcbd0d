package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** R10 at the end of the day: the day's real share, and the alert when it ended above 4%. */
class ThreeWayShareWatchTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);

    final MutableClock clock = new MutableClock(at(MONDAY, 16, 0));
    // Written through the day's tally, as the server's writers do (issue 14 item 3).
    final org.hotline.cti.app.DayTally tally = new org.hotline.cti.app.DayTally(clock, () -> SHANGHAI);
    final org.hotline.cti.app.port.CallStore calls = tally.calls(new InMemoryCallStore());
    final org.hotline.cti.app.port.TransferStore transfers = tally.transfers(new InMemoryTransferStore());
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    SHANGHAI),
            ThreeWayBudget.Settings.R10);
    final DailyStats stats = new DailyStats(
            calls,
            transfers,
            rules,
            new TransferOutcomes(calls, transfers, null, rules, new LiveEvents(), TransferMetrics.NONE, clock),
            ThreeWayBudget.Settings.R10,
            clock,
            tally);
    final ThreeWayShareWatch watch = new ThreeWayShareWatch(stats, rules, clock);
    final Logger logger = (Logger) LoggerFactory.getLogger(ThreeWayShareWatch.class);
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    ThreeWayShareWatchTest() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(log);
    }

    static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(SHANGHAI).toInstant();
    }

    /** {@code n} calls on {@code day} from 09:00, the first {@code threeWay} of them transferred and connected. */
    void day(LocalDate day, int n, int threeWay) {
        for (int i = 0; i < n; i++) {
            Instant t = at(day, 9, 0).plusSeconds(60L * i);
            String id = day + "-" + i;
            Call c = new Call(id, "1380000" + i, "12345", t);
            calls.save(CallRecord.of(c), c.timeline());
            if (i < threeWay) {
                transfers.create(new TransferRecord(
                        0,
                        id,
                        c.caller(),
                        "vat-credit-refund",
                        "增值税留抵退税",
                        "tax",
                        "税务局",
                        "70001",
                        "8101",
                        t.plusSeconds(20),
                        org.hotline.cti.domain.transfer.TransferAttempt.State.CONNECTED,
                        null,
                        "sip:2001@127.0.0.3:5071",
                        t.plusSeconds(30),
                        t.plusSeconds(300),
                        null,
                        null,
                        null));
            }
        }
    }

    @Test
    void aDayThatEndedAboveFourPercentIsWarnedOnceInTheLogAndInHealth() {
        day(MONDAY, 50, 3); // 6%
        Map<String, Object> soFar = stats.day(MONDAY);
        assertThat(soFar).containsEntry("threeWayShare", 0.06).containsEntry("threeWayShareAboveCap", true);

        clock.set(at(MONDAY.plusDays(1), 0, 1)); // just after midnight: Monday's share is final
        ThreeWayShareWatch.LastDay last = watch.check();
        assertThat(last.date()).isEqualTo(MONDAY);
        assertThat(last.share()).isEqualTo(0.06);
        assertThat(watch.lastDayShare()).isEqualTo(0.06);
        assertThat(watch.warnings())
                .containsExactly("R10: three-way calls were 6.0% of 2026-11-30's calls (3 of 50), above the 4% cap");

        clock.advance(Duration.ofHours(3));
        watch.check();
        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("R10: three-way calls were 6.0% of 2026-11-30's calls (3 of 50), above the 4% cap");

        stats.useLastDay(watch::figures); // as boot wires it: the dashboard flags the day that ended above 4%
        assertThat(stats.today().get("threeWayLastDay"))
                .isEqualTo(Map.of(
                        "date", "2026-11-30", "calls", 50L, "threeWayCalls", 3L, "share", 0.06, "aboveCap", true));

        clock.set(at(MONDAY.plusDays(2), 0, 1)); // Tuesday ended without a three-way call
        assertThat(watch.warnings()).isEmpty();
        assertThat(watch.lastDayShare()).isZero();
    }

    @Test
    void exactlyFourPercentIsWithinTheCap() {
        day(MONDAY, 50, 2);
        clock.set(at(MONDAY.plusDays(1), 8, 0));
        assertThat(watch.warnings()).isEmpty();
        assertThat(watch.lastDayShare()).isEqualTo(0.04);
        assertThat(stats.day(MONDAY)).containsEntry("threeWayShareAboveCap", false);
        assertThat(log.list).noneMatch(e -> e.getLevel() == Level.WARN);
    }

    @Test
    void todaysBudgetComesFromTheLastMondaysAndShowsWhatIsLeft() {
        for (int week = 1; week <= 4; week++) {
            day(MONDAY.minusWeeks(week), 50 + 25 * (week % 2), 0); // 75, 50, 75, 50: mean 62.5 -> 63
        }
        day(MONDAY, 10, 1);
        clock.set(at(MONDAY, 12, 0));
        Map<String, Object> today = stats.today();
        assertThat(today).containsEntry("calls", 10L).containsEntry("threeWayCalls", 1L);
        assertThat(today)
                .as("4%% of the 63 calls a Monday brings, not of the floor's 100")
                .containsEntry("threeWayBudget", 2L)
                .containsEntry("threeWayBudgetLeft", 1L);
        assertThat(today).containsEntry("threeWayShareAboveCap", true); // 1 of 10 so far
    }

    @Test
    void healthStillAnswersWhileTheDatabaseIsAway() {
        day(MONDAY, 50, 3);
        java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean();
        org.hotline.cti.app.port.CallStore flaky =
                (org.hotline.cti.app.port.CallStore) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {org.hotline.cti.app.port.CallStore.class},
                        (proxy, m, args) -> {
                            if (away.get()) {
                                throw new IllegalStateException("database away");
                            }
                            try {
                                return m.invoke(calls, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        DailyStats flakyStats = new DailyStats(
                flaky,
                transfers,
                rules,
                new TransferOutcomes(flaky, transfers, null, rules, new LiveEvents(), TransferMetrics.NONE, clock),
                ThreeWayBudget.Settings.R10,
                clock,
                tally);
        ThreeWayShareWatch w = new ThreeWayShareWatch(flakyStats, rules, clock);
        clock.set(at(MONDAY.plusDays(1), 0, 1));
        assertThat(w.warnings()).hasSize(1);

        away.set(true);
        clock.set(at(MONDAY.plusDays(2), 0, 1)); // a new day to evaluate, and no database to do it with
        assertThat(w.warnings()).as("what was known last").hasSize(1);
        assertThat(w.lastDayShare()).isEqualTo(0.06);
        away.set(false);
        assertThat(w.warnings()).isEmpty();
    }
}
