package org.hotline.cti.app;

import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.calendar.DeskStaffing;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * R2/R11: the PBX's desk mode follows the staffed hours, and the PBX is told only when the mode
 * changes. What the PBX was told is the behaviour, so a Mockito verify is the honest check here.
 */
class DeskHoursTest {
    // 2026-03-02 is a Monday; 07:00 Beijing time is 23:00 UTC the day before.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:00:00Z"));
    private final Telephony pbx = mock(Telephony.class);
    private final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    ZoneId.of("Asia/Shanghai")),
            ThreeWayBudget.Settings.R10);

    private DeskHours desk(String staffed) {
        when(pbx.connected()).thenReturn(true);
        when(pbx.setDeskOpen(anyBoolean())).thenReturn(CompletableFuture.completedFuture(null));
        return new DeskHours(rules, DeskStaffing.parse(staffed), pbx, clock);
    }

    @Test
    void theDeskOpensAtTheStaffedHourAndThePbxIsToldOnlyOnChange() {
        DeskHours desk = desk("08:00-20:00");
        desk.check(); // 07:00: closed
        desk.check(); // unchanged: not told again
        verify(pbx, times(1)).setDeskOpen(false);
        clock.advance(Duration.ofHours(1)); // 08:00: staffed
        desk.check();
        desk.check();
        verify(pbx, times(1)).setDeskOpen(true);
    }

    @Test
    void aroundTheClockKeepsTheDeskOpenAtNight() {
        DeskHours desk = desk("around-the-clock");
        desk.check();
        verify(pbx).setDeskOpen(true);
        verify(pbx, never()).setDeskOpen(false);
    }

    @Test
    void aReconnectTellsThePbxAgainBecauseItMayHaveRestarted() {
        DeskHours desk = desk("around-the-clock");
        desk.check();
        desk.reconnected();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> verify(pbx, times(2)).setDeskOpen(true));
        desk.close();
    }

    @Test
    void nothingIsSentWhileThePbxIsAway() {
        DeskHours desk = desk("around-the-clock");
        when(pbx.connected()).thenReturn(false);
        desk.check();
        verify(pbx, never()).setDeskOpen(anyBoolean());
    }
}
