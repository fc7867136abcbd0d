package org.hotline.cti.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.LiveEvents;

/**
 * The CTI's work per call, counted (issue 14 item 4; the e2e tool divides them by the calls
 * completed in a window): hand-offs to the call model's thread, call events applied and steps
 * taken, live events published and built, log lines written. The AMI link's own reads and
 * actions are counted by the AMI adapter ({@code cti_ami_reads_total}, {@code cti_ami_actions_total}),
 * the call writer's commits by {@link CallStoreMetrics}.
 */
public final class WorkMetrics {
    private WorkMetrics() {}

    public static void bind(CallTracker tracker, LiveEvents events, MeterRegistry registry) {
        FunctionCounter.builder("cti.call.model.tasks", tracker, CallTracker::tasksSubmitted)
                .description(
                        "Tasks of call events queued for the call model (on the AMI event loop, queued by the loop itself: no wake-up)")
                .register(registry);
        FunctionCounter.builder("cti.call.model.events", tracker, CallTracker::eventsApplied)
                .description("Call events applied by the call model (agent legs and other untracked channels included)")
                .register(registry);
        FunctionCounter.builder("cti.call.model.steps", tracker, CallTracker::stepsChanged)
                .description("Call steps (timeline entries) stored and told to the call listeners")
                .register(registry);
        FunctionCounter.builder("cti.live.events.published", events, LiveEvents::published)
                .description("Live events published, whether anyone receives them or not")
                .register(registry);
        FunctionCounter.builder("cti.live.events.delivered", events, LiveEvents::delivered)
                .description("Live events built and handed to the agent sessions and dashboards")
                .register(registry);
        FunctionCounter.builder("cti.log.lines", LogLines.class, c -> LogLines.written())
                .description("Log lines written")
                .register(registry);
    }
}
