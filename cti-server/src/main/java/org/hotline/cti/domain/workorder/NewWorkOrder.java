package org.hotline.cti.domain.workorder;

import java.util.Objects;
import org.hotline.cti.domain.transfer.FailureCause;

/**
 * What an order is made from: the kind, the department it goes to, the caller and the request
 * (R13). {@code origin}: see {@link WorkOrder}; {@code matter}, {@code callId} and {@code cause}
 * may be null.
 */
public record NewWorkOrder(
        WorkOrderKind kind,
        WorkOrderOrigin origin,
        String department,
        String matter,
        String caller,
        String callId,
        String description,
        FailureCause cause) {
    public NewWorkOrder {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(department, "department");
    }
}
