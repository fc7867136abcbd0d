package org.hotline.cti.app.port;

import java.time.Duration;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferOutcome;

/**
 * What a finished transfer reports to monitoring (R1): one attempt by department, outcome and cause,
 * and how long the specialist took to join. The metrics adapter names and registers the meters,
 * so the use cases stay free of Micrometer (in the spirit of HikariCP's IMetricsTracker).
 */
public interface TransferMetrics {
    /** {@code cause} is null when the transfer did not fail. */
    void attemptFinished(String department, TransferOutcome outcome, FailureCause cause);

    /** Request to specialist joined, for transfers that connected. */
    void setupTime(Duration requestToJoined);

    /** For tests and tools that do not watch metrics. */
    TransferMetrics NONE = new TransferMetrics() {
        @Override
        public void attemptFinished(String department, TransferOutcome outcome, FailureCause cause) {}

        @Override
        public void setupTime(Duration requestToJoined) {}
    };
}
