package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hotline.cti.app.DailyStats;

import java.util.Map;

/** Today's ratios as gauges, read from {@link DailyStats} at each scrape: R1 connection rate, R10 three-way share. */
public final class StatsMetrics {
    private StatsMetrics() {
    }

    public static void bind(DailyStats stats, MeterRegistry registry) {
        Gauge.builder("cti.transfer.connection.ratio", stats, s -> ratio(s.today(), "transferConnectionRate"))
             .description("Today's transfer connection rate, connected / attempts (R1 target 0.95)").register(registry);
        Gauge.builder("cti.threeway.share.ratio", stats, s -> ratio(s.today(), "threeWayShare"))
             .description("Today's three-way calls / calls (R10 cap 0.04)").register(registry);
    }

    private static double ratio(Map<String, Object> stats, String key) {
        Object v = stats.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
