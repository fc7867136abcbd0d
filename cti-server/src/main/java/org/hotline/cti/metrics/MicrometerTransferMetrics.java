package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferOutcome;

/** {@code cti_transfer_attempts_total{department,outcome,cause}} and {@code cti_transfer_setup_seconds} (R1). */
public final class MicrometerTransferMetrics implements TransferMetrics {
    private final MeterRegistry registry;
    private final Timer setup;

    public MicrometerTransferMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.setup = Timer.builder("cti.transfer.setup")
                .description("Transfer request to specialist joined (R1)")
                .publishPercentileHistogram()
                .register(registry);
    }

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
}
