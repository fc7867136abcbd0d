package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Optional;

/** Who made a work order; {@link #wireName()} is its {@code origin} in the API, the pushes and the store. */
public enum WorkOrderOrigin {
    /** Hotline staff made it by hand (form, {@code POST /api/workorders}, {@code workorder.create}). */
    MANUAL("manual"),
    /** R13: a three-way transfer that did not connect. */
    TRANSFER_FAILED("transfer-failed"),
    /** R2: a three-way matter requested outside the departments' working time. */
    OFF_HOURS("off-hours"),
    /** R7: an item of the business-environment survey that could not be answered at once. */
    SURVEY("survey");

    private final String wireName;

    WorkOrderOrigin(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WorkOrderOrigin> fromWire(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }
}
