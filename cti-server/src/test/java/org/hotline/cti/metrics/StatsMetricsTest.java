package org.hotline.cti.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Issue 11 item 10: scrapes no longer recompute the day's figures; events and age do. */
class StatsMetricsTest {
    @Test
    void scrapesReuseOneSnapshotUntilACallOrTransferEventChangesSomething() {
        AtomicInteger computed = new AtomicInteger();
        double[] rate = {0.5};
        LiveEvents events = new LiveEvents();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T03:00:00Z"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StatsMetrics.bind(
                () -> {
                    computed.incrementAndGet();
                    return Map.of("transferConnectionRate", rate[0], "threeWayShare", 0.03);
                },
                events,
                registry,
                clock);

        for (int i = 0; i < 10; i++) {
            assertThat(registry.scrape())
                    .contains("cti_transfer_connection_ratio 0.5", "cti_threeway_share_ratio 0.03");
        }
        assertThat(computed).hasValue(1); // before: two computations per scrape, one query per call each

        rate[0] = 1.0;
        events.publish(LiveEvents.Event.broadcast("transfer.result", Map.of()));
        assertThat(registry.scrape()).contains("cti_transfer_connection_ratio 1.0");
        assertThat(computed).hasValue(2);

        events.publish(LiveEvents.Event.broadcast("dialtest.result", Map.of())); // not today's figures
        registry.scrape();
        assertThat(computed).hasValue(2);
        clock.advance(Duration.ofMinutes(2)); // the day may have rolled over
        registry.scrape();
        assertThat(computed).hasValue(3);
    }
}
