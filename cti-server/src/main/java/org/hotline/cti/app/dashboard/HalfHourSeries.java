package org.hotline.cti.app.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.TransferRecord;

/**
 * Calls and three-way transfer attempts per half hour of a day, beside the same weekday one week
 * earlier, for the dashboard's chart: staffing follows volume and peaks (R10), and transfers are
 * read against calls (R1, R10). Computed from the stores, so it survives restarts.
 */
public final class HalfHourSeries {
    public static final Duration SLOT = Duration.ofMinutes(30);

    private final CallStore calls;
    private final TransferStore transfers;
    private final Supplier<ZoneId> zone;

    public HalfHourSeries(CallStore calls, TransferStore transfers, Supplier<ZoneId> zone) {
        this.calls = calls;
        this.transfers = transfers;
        this.zone = zone;
    }

    /** One day's counts: slot start times ("HH:mm", local), calls, transfers requested and connected. */
    public record Day(LocalDate date, List<String> slots, long[] calls, long[] transfers, long[] connected) {}

    public Map<String, Object> compare(LocalDate day) {
        Day today = day(day);
        Day lastWeek = day(day.minusWeeks(1));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", day.toString());
        m.put("compareDate", lastWeek.date().toString());
        m.put("zone", zone.get().getId());
        m.put("slotMinutes", SLOT.toMinutes());
        m.put("slots", today.slots());
        m.put("today", counts(today));
        m.put("lastWeek", counts(lastWeek));
        return m;
    }

    /** Slots run from local midnight to the next; a day with a clock change has 46 or 50 of them. */
    public Day day(LocalDate date) {
        ZoneId z = zone.get();
        ZonedDateTime start = date.atStartOfDay(z);
        Instant from = start.toInstant();
        Instant to = date.plusDays(1).atStartOfDay(z).toInstant();
        int n = (int) ((Duration.between(from, to).toMinutes() + SLOT.toMinutes() - 1) / SLOT.toMinutes());
        List<String> slots = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            slots.add(from.plus(SLOT.multipliedBy(i)).atZone(z).toLocalTime().toString());
        }
        long[] c = new long[n];
        long[] t = new long[n];
        long[] ok = new long[n];
        calls.arrivedBetween(from, to).forEach(call -> c[slot(from, call.arrivedAt(), n)]++);
        for (TransferRecord tr : transfers.requestedBetween(from, to)) {
            int i = slot(from, tr.requestedAt(), n);
            t[i]++;
            if (tr.connected()) {
                ok[i]++;
            }
        }
        return new Day(date, slots, c, t, ok);
    }

    private static int slot(Instant from, Instant at, int n) {
        return (int) Math.min(n - 1, Duration.between(from, at).toMillis() / SLOT.toMillis());
    }

    private static Map<String, Object> counts(Day d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", d.calls());
        m.put("transfers", d.transfers());
        m.put("connected", d.connected());
        m.put("totalCalls", java.util.Arrays.stream(d.calls()).sum());
        m.put("totalTransfers", java.util.Arrays.stream(d.transfers()).sum());
        return m;
    }
}
