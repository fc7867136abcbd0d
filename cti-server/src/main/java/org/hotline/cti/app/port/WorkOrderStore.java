package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderLifecycle;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.hotline.cti.domain.workorder.WorkOrderTransition;

/** Work orders (R2, R13–R16), their escalations (R15) and their audit trail. */
public interface WorkOrderStore {

    /** Stores a new order (its id is ignored) with the transitions that made it; returns it with its id. */
    WorkOrder create(WorkOrder order, List<WorkOrderTransition> trail);

    Optional<WorkOrder> find(long id);

    /**
     * Changes one order atomically: reads it under a lock, hands it to {@code change}, and stores the
     * order and the transitions of the step it returns, or nothing when it returns empty or throws
     * (the exception passes through). Empty when there is no such order.
     */
    Optional<WorkOrderLifecycle.Step> change(long id, Function<WorkOrder, Optional<WorkOrderLifecycle.Step>> change);

    /** The audit trail of an order, oldest first (without commands). */
    List<WorkOrderTransition> trail(long id);

    /** Orders not closed. */
    List<WorkOrder> open();

    /** Orders in one of {@code statuses} (all when empty) made in {@code [from, to)}, newest first, at most {@code limit}. */
    List<WorkOrder> find(Set<WorkOrderStatus> statuses, Instant from, Instant to, int limit);

    /** Orders still open at {@code at}: made before it and not closed by then (the daily report's view). */
    List<WorkOrder> openAt(Instant at);

    /** How many escalations each cause made up to {@code at} (R15; all time when null). */
    java.util.Map<org.hotline.cti.domain.workorder.EscalationCause, Long> escalationCounts(Instant at);

    /** What each order's status was at {@code at}, from the audit trail (ids absent made no transition by then). */
    java.util.Map<Long, WorkOrderStatus> statusAt(Instant at, java.util.Collection<Long> ids);
}
