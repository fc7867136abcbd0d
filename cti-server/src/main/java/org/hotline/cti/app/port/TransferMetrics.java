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

    /**
     * One step of a transfer's setup that the CTI itself takes (issue 14 item 4: the CTI must add
     * little to Asterisk's own Redirect + Originate). Called on the PBX link's thread for
     * {@link SetupStep#ORIGINATE}: be quick.
     */
    default void setupStep(SetupStep step, Duration took) {}

    /** The steps of a transfer's setup, in order, as {@code cti_transfer_setup_step_seconds{step}} names them. */
    enum SetupStep {
        /**
         * The CTI, before the transfer service: the request read by the adapter (HTTP: decoded on the
         * event loop) to the service called (hand-off to a request thread, token check, JSON parse).
         */
        INGRESS("ingress"),
        /** The CTI: request received by the transfer service to the Redirect handed to the PBX link (policy, one commit). */
        REQUEST("request"),
        /** Part of {@link #REQUEST}: waiting for the transfer service's lock (held by other attempts' events). */
        LOCK("lock"),
        /** Part of {@link #REQUEST}: the live call found and checked, the policy's decision (R1–R3, R10's counts). */
        DECIDE("decide"),
        /** Part of {@link #REQUEST}: the attempt stored, durable, with its room (issue 11). */
        STORE("store"),
        /** Part of {@link #REQUEST}: the attempt started (its first leg, its log line) and the Redirect handed to the link. */
        SEND("send"),
        /** The PBX and the link: Redirect handed over to its confirmation read back. */
        REDIRECT("redirect"),
        /** The CTI: Redirect confirmation read to the Originate handed to the PBX link (no thread hop between). */
        ORIGINATE("originate"),
        /**
         * The CTI's own part of one transfer's setup, per transfer: {@link #INGRESS} + {@link #REQUEST} +
         * {@link #ORIGINATE} of that transfer (everything but the PBX's Redirect), so its quantiles are
         * the per-transfer figures the steps' own quantiles cannot be summed into (issue 14 item 4).
         */
        OWN("own");

        private final String id;

        SetupStep(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** For tests and tools that do not watch metrics. */
    TransferMetrics NONE = new TransferMetrics() {
        @Override
        public void attemptFinished(String department, TransferOutcome outcome, FailureCause cause) {}

        @Override
        public void setupTime(Duration requestToJoined) {}
    };
}
