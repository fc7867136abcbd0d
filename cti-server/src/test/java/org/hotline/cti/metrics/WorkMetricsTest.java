package org.hotline.cti.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.domain.call.CallEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 14 item 4: the CTI's work per call is counted where /metrics shows it. */
class WorkMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

    @Test
    void handOffsEventsStepsLiveEventsAndLogLinesAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiveEvents events = new LiveEvents();
        try (CallTracker tracker = new CallTracker(new InMemoryCallStore(), Clock.fixed(T0, ZoneOffset.UTC))) {
            WorkMetrics.bind(tracker, events, registry);
            tracker.addListener((call, step) -> events.publish("call.updated", null, null, () -> step.kind()));
            List<String> delivered = new java.util.ArrayList<>();
            events.subscribe(e -> delivered.add(e.type()));
            double lines = registry.get("cti.log.lines").functionCounter().count();

            // One network read's events, handed over as one task; an agent leg's event is applied but takes no step.
            tracker.submitAll(
                    CallTracker.FIRST_NODE,
                    List.of(
                            new CallEvent.Arrived("c1", T0, "13800000001", "12345"),
                            new CallEvent.Queued("c1", T0, "enterprise-desk", 1),
                            new CallEvent.Bridged("agent-leg", T0, "b1")));
            tracker.submit(new CallEvent.Ended("c1", T0.plusSeconds(5), 16, "Normal Clearing"));
            tracker.barrier().join();
            LoggerFactory.getLogger(WorkMetricsTest.class).info("one line, counted");

            assertThat(registry.get("cti.call.model.tasks").functionCounter().count())
                    .isEqualTo(2);
            assertThat(registry.get("cti.call.model.events").functionCounter().count())
                    .isEqualTo(4);
            assertThat(registry.get("cti.call.model.steps").functionCounter().count())
                    .isEqualTo(3); // arrived, queued, ended
            assertThat(registry.get("cti.live.events.published")
                            .functionCounter()
                            .count())
                    .isEqualTo(3);
            assertThat(registry.get("cti.live.events.delivered")
                            .functionCounter()
                            .count())
                    .isEqualTo(3);
            assertThat(delivered).hasSize(3);
            assertThat(registry.get("cti.log.lines").functionCounter().count()).isGreaterThanOrEqualTo(lines + 1);
        }
    }

    @Test
    void anEventNobodyReceivesIsPublishedButNotBuilt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiveEvents events = new LiveEvents();
        try (CallTracker tracker = new CallTracker(new InMemoryCallStore(), Clock.fixed(T0, ZoneOffset.UTC))) {
            WorkMetrics.bind(tracker, events, registry);
            events.publish("call.offered", null, "8101", () -> {
                throw new AssertionError("built for nobody");
            });
            assertThat(registry.get("cti.live.events.published")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("cti.live.events.delivered")
                            .functionCounter()
                            .count())
                    .isZero();
        }
    }
}
