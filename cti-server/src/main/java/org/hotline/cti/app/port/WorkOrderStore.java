package org.hotline.cti.app.port;

import org.hotline.cti.domain.workorder.WorkOrder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Work orders (R2, R13). */
public interface WorkOrderStore {
    /** Stores a new order (its id is ignored) and returns it with its id. */
    WorkOrder create(WorkOrder order);

    Optional<WorkOrder> find(long id);

    List<WorkOrder> createdBetween(Instant from, Instant to);

    List<WorkOrder> open();
}
