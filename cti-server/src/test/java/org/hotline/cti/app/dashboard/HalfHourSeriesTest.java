package org.hotline.cti.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallState;
import org.junit.jupiter.api.Test;

class HalfHourSeriesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final InMemoryCallStore calls = new InMemoryCallStore();
    private final InMemoryTransferStore transfers = new InMemoryTransferStore();
    private final HalfHourSeries series = new HalfHourSeries(calls, transfers, () -> SHANGHAI);
    private int ids;

    /** A call that arrived at {@code local} (Shanghai wall time, "2026-11-27T09:10"). */
    private void call(String local) {
        Instant at = java.time.LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
        String id = "c" + ++ids;
        calls.save(
                new CallRecord(
                        id,
                        "13800000000",
                        "12345",
                        at,
                        "enterprise-desk",
                        at,
                        null,
                        null,
                        at,
                        "8101",
                        false,
                        null,
                        at.plusSeconds(60),
                        16,
                        "Normal Clearing",
                        CallState.ENDED,
                        CallOutcome.ANSWERED,
                        List.of()),
                List.of());
    }

    private void transfer(String local, String outcome) {
        Instant at = java.time.LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
        transfers.create(new TransferRecord(
                ++ids,
                "c1",
                "13800000000",
                "vat-credit-refund",
                "增值税留抵退税",
                "tax",
                "税务局",
                "room",
                "8101",
                at,
                org.hotline.cti.domain.transfer.TransferAttempt.State.fromWire(outcome == null ? "ringing" : outcome),
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    }

    @Test
    void countsCallsAndTransfersPerHalfHourInTheHotlinesZone() {
        call("2026-11-27T00:00"); // first slot, inclusive
        call("2026-11-27T09:10");
        call("2026-11-27T09:29:59");
        call("2026-11-27T09:30"); // next slot starts exactly at :30
        call("2026-11-27T23:59:59"); // last slot
        call("2026-11-28T00:00"); // tomorrow: not counted
        call("2026-11-26T23:59:59"); // yesterday: not counted
        transfer("2026-11-27T09:15", "connected");
        transfer("2026-11-27T09:20", "failed");
        transfer("2026-11-27T09:25", null); // still ringing: an attempt, not (yet) connected

        HalfHourSeries.Day d = series.day(LocalDate.parse("2026-11-27"));

        assertThat(d.slots()).hasSize(48).startsWith("00:00", "00:30").endsWith("23:30");
        assertThat(d.slots().get(18)).isEqualTo("09:00");
        assertThat(d.calls()[0]).isEqualTo(1);
        assertThat(d.calls()[18]).isEqualTo(2);
        assertThat(d.calls()[19]).isEqualTo(1);
        assertThat(d.calls()[47]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(d.calls()).sum()).isEqualTo(5);
        assertThat(d.transfers()[18]).isEqualTo(3);
        assertThat(d.connected()[18]).isEqualTo(1);
    }

    @Test
    void comparesWithTheSameWeekdayOneWeekEarlier() {
        call("2026-11-27T10:05"); // Friday
        call("2026-11-20T10:10"); // the Friday before
        call("2026-11-20T10:40");
        call("2026-11-26T10:10"); // Thursday: neither
        transfer("2026-11-20T10:12", "connected");

        Map<String, Object> m = series.compare(LocalDate.parse("2026-11-27"));

        assertThat(m)
                .containsEntry("date", "2026-11-27")
                .containsEntry("compareDate", "2026-11-20")
                .containsEntry("zone", "Asia/Shanghai")
                .containsEntry("slotMinutes", 30L);
        @SuppressWarnings("unchecked")
        Map<String, Object> today = (Map<String, Object>) m.get("today");
        @SuppressWarnings("unchecked")
        Map<String, Object> lastWeek = (Map<String, Object>) m.get("lastWeek");
        assertThat(today).containsEntry("totalCalls", 1L).containsEntry("totalTransfers", 0L);
        assertThat(lastWeek).containsEntry("totalCalls", 2L).containsEntry("totalTransfers", 1L);
        assertThat(((long[]) lastWeek.get("calls"))[20]).isEqualTo(1);
        assertThat(((long[]) lastWeek.get("calls"))[21]).isEqualTo(1);
        assertThat(((long[]) lastWeek.get("connected"))[20]).isEqualTo(1);
    }

    @Test
    void aDayWithAClockChangeHasAsManySlotsAsItHasHalfHours() {
        // Europe/Berlin went back one hour on 2026-10-25: a 25-hour day.
        HalfHourSeries berlin = new HalfHourSeries(calls, transfers, () -> ZoneId.of("Europe/Berlin"));
        HalfHourSeries.Day d = berlin.day(LocalDate.parse("2026-10-25"));
        assertThat(d.slots()).hasSize(50);
        assertThat(d.slots()).filteredOn("02:00"::equals).hasSize(2);
        assertThat(d.calls()).hasSize(50);
    }
}
