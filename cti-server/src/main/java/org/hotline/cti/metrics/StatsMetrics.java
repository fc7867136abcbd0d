package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.ThreeWayShareWatch;

/**
 * Today's ratios as gauges: R1 connection rate, R10 three-way share. The day's figures cost a
 * query per call, so they are not recomputed per scrape and per gauge (issue 11 item 10): one
 * snapshot serves both, and it is recomputed only after a call, transfer or wrap-up event said
 * something changed, or once a minute (the day rolls over, a correction from CEL).
 */
public final class StatsMetrics {
    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final Supplier<Map<String, Object>> today;
    private final Clock clock;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private volatile Map<String, Object> snapshot = Map.of();
    private volatile Instant takenAt = Instant.MIN;

    StatsMetrics(Supplier<Map<String, Object>> today, LiveEvents events, Clock clock) {
        this.today = today;
        this.clock = clock;
        // The type is enough: watching, not subscribing, lets publishers skip building events
        // nobody receives (issue 14 item 4) while this still hears of every change.
        events.watch(t -> {
            if (t.startsWith("call.")
                    || t.startsWith("transfer.")
                    || t.startsWith("wrapup")
                    || t.startsWith("callback")) {
                changed.set(true);
            }
        });
    }

    public static void bind(DailyStats stats, LiveEvents events, MeterRegistry registry, Clock clock) {
        bind(stats::todayRatios, events, registry, clock); // the two ratios, not the whole day (issue 14 item 4)
    }

    static StatsMetrics bind(
            Supplier<Map<String, Object>> today, LiveEvents events, MeterRegistry registry, Clock clock) {
        StatsMetrics m = new StatsMetrics(today, events, clock);
        Gauge.builder("cti.transfer.connection.ratio", m, s -> s.ratio("transferConnectionRate"))
                .description("Today's transfer connection rate, connected / attempts (R1 target 0.95)")
                .register(registry);
        Gauge.builder("cti.threeway.share.ratio", m, s -> s.ratio("threeWayShare"))
                .description("Today's three-way calls / calls (R10 cap 0.04)")
                .register(registry);
        return m;
    }

    /** R10 at the end of the day: the last ended day's final share (the day's report has it too). */
    public static void bindLastDay(ThreeWayShareWatch watch, MeterRegistry registry) {
        Gauge.builder("cti.threeway.share.last.day.ratio", watch, ThreeWayShareWatch::lastDayShare)
                .description("The last ended day's three-way calls / calls, final at midnight (R10 cap 0.04)")
                .register(registry);
    }

    private double ratio(String key) {
        Instant now = clock.instant();
        if (changed.getAndSet(false) || now.isAfter(takenAt.plus(MAX_AGE))) {
            snapshot = today.get();
            takenAt = now;
        }
        Object v = snapshot.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
