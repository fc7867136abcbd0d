package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a work order stands: {@code created -> dispatched -> signed -> completed -> fed-back ->
 * evaluated -> closed}, with {@code returned} (not the department's remit, back to the hotline for
 * re-dispatch, R15). A hand-over (移交) closes the order from any open state.
 */
public enum WorkOrderStatus {
    CREATED("created"),
    DISPATCHED("dispatched"),
    RETURNED("returned"),
    SIGNED("signed"),
    COMPLETED("completed"),
    FED_BACK("fed-back"),
    EVALUATED("evaluated"),
    CLOSED("closed");

    private final String wireName;

    WorkOrderStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WorkOrderStatus> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(s)).findFirst();
    }

    public boolean open() {
        return this != CLOSED;
    }
}
