package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferOutcome;

/**
 * {@code cti_transfer_attempts_total{department,outcome,cause}} and {@code cti_transfer_setup_seconds} (R1), and
 * {@code cti_transfer_setup_step_seconds{step}}: the CTI's own steps of that setup (issue 14 item 4).
 */
public final class MicrometerTransferMetrics implements TransferMetrics {
    private final MeterRegistry registry;
    private final Timer setup;
    private final Map<SetupStep, Timer> steps = new EnumMap<>(SetupStep.class);

    public MicrometerTransferMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.setup = Timer.builder("cti.transfer.setup")
                .description("Transfer request to specialist joined (R1)")
                .publishPercentileHistogram()
                .register(registry);
        for (SetupStep step : SetupStep.values()) {
            steps.put(
                    step,
                    Timer.builder("cti.transfer.setup.step")
                            .description("A step of a transfer's setup: ingress (the CTI: request read to the "
                                    + "transfer service), request (the CTI: to Redirect sent; its parts lock, decide, "
                                    + "store, send), redirect (the PBX: Redirect sent to confirmed), originate (the "
                                    + "CTI: Redirect confirmed to Originate sent), own (the CTI, per transfer: ingress + request "
                                    + "+ originate)")
                            .tag("step", step.id())
                            // Sub-millisecond buckets: the CTI's steps take tens of microseconds to a few ms.
                            .serviceLevelObjectives(STEP_BUCKETS)
                            .register(registry));
        }
    }

    /** Bucket bounds of the setup steps, 50 µs to 100 ms. */
    static final Duration[] STEP_BUCKETS = java.util.stream.LongStream.of(
                    50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 20_000, 50_000,
                    100_000)
            .mapToObj(micros -> Duration.ofNanos(micros * 1_000))
            .toArray(Duration[]::new);

    @Override
    public void attemptFinished(String department, TransferOutcome outcome, FailureCause cause) {
        Counter.builder("cti.transfer.attempts")
                .description("Three-way transfer attempts by department and outcome (R1)")
                .tag("department", department)
                .tag("outcome", outcome.wireName())
                .tag("cause", cause == null ? "none" : cause.id())
                .register(registry)
                .increment();
    }

    @Override
    public void setupTime(Duration requestToJoined) {
        setup.record(requestToJoined);
    }

    @Override
    public void setupStep(SetupStep step, Duration took) {
        steps.get(step).record(took);
    }
}
