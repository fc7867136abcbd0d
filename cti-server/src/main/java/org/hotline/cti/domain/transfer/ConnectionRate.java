package org.hotline.cti.domain.transfer;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** R1: transfer connection rate (转接接通率) = connected ÷ attempts, per department and day; target 95%. */
public record ConnectionRate(String department, LocalDate day, long attempts, long connected) {

    /** R1: at least 95% of transfers must connect. */
    public static final double TARGET = 0.95;

    public ConnectionRate {
        if (attempts < 0 || connected < 0 || connected > attempts) {
            throw new IllegalArgumentException("need 0 <= connected <= attempts, got " + connected + "/" + attempts);
        }
    }

    /** 1.0 when there were no attempts (nothing failed). */
    public double ratio() {
        return attempts == 0 ? 1.0 : (double) connected / attempts;
    }

    /** R1: below 95%; a day without attempts is not below target. */
    public boolean belowTarget() {
        return attempts > 0 && ratio() < TARGET;
    }

    /** Groups finished attempts by department and by the day they were requested, in the hotline's zone. */
    public static List<ConnectionRate> of(Collection<TransferAttempt.Outcome> outcomes, ZoneId zone) {
        Map<String, Map<LocalDate, long[]>> counts = new TreeMap<>();
        for (TransferAttempt.Outcome o : outcomes) {
            LocalDate day = o.requestedAt().atZone(zone).toLocalDate();
            long[] c =
                    counts.computeIfAbsent(o.department(), k -> new TreeMap<>()).computeIfAbsent(day, k -> new long[2]);
            c[0]++;
            if (o.connected()) {
                c[1]++;
            }
        }
        List<ConnectionRate> rates = new ArrayList<>();
        counts.forEach((dep, days) -> days.forEach((day, c) -> rates.add(new ConnectionRate(dep, day, c[0], c[1]))));
        return rates;
    }
}
