package org.hotline.cti.domain.transfer;

/**
 * How a finished attempt ended (R1: the connection rate is connected / finished); {@link #wireName()}
 * is the {@code outcome} of the API, the pushes, the store and the {@code cti_transfer_attempts_total}
 * label.
 */
public enum TransferOutcome {
    CONNECTED("connected"),
    FAILED("failed");

    private final String wireName;

    TransferOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
