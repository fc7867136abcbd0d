package org.hotline.cti.app.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.domain.transfer.TransferCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What transfers write, kept when the database refuses it (issue 11): a refused attempt state or
 * R13 work order must not stop the attempt's state machine (the call would stay
 * transfer-in-progress); it is kept here and retried until the database answers. Not
 * thread-safe: used on the transfers thread only.
 */
final class TransferWrites {
    private static final Logger log = LoggerFactory.getLogger(TransferWrites.class);

    private final TransferStore store;
    private final TransferOutcomes outcomes;
    /** Attempts' latest states the database refused, by id, in order. */
    private final Map<Long, TransferRecord> unsaved = new LinkedHashMap<>();
    /** R13 work orders the database refused, by attempt id. */
    private final Map<Long, TransferCommand.CreateWorkOrder> ordersOwed = new LinkedHashMap<>();

    TransferWrites(TransferStore store, TransferOutcomes outcomes) {
        this.store = store;
        this.outcomes = outcomes;
    }

    /** Stores an attempt's latest state, or keeps it for a retry. */
    void save(TransferRecord r) {
        try {
            store.update(r);
            unsaved.remove(r.id());
        } catch (RuntimeException e) {
            if (unsaved.isEmpty()) {
                log.error("transfer {} not stored ({}); keeping it and retrying", r.ref(), e.getMessage());
            }
            unsaved.put(r.id(), r);
        }
    }

    /** Makes the R13 order of a failed attempt; its id, or null when it is owed (made on a retry). */
    Long workOrder(TransferCommand.CreateWorkOrder order, TransferRecord r) {
        try {
            return outcomes.transferFailedWorkOrder(order, r).id();
        } catch (RuntimeException e) {
            log.error("transfer {}: work order not stored ({}); retrying", r.ref(), e.getMessage());
            ordersOwed.put(r.id(), order);
            return null;
        }
    }

    int pending() {
        return unsaved.size() + ordersOwed.size();
    }

    /** Retries what is owed: work orders first (the attempt then names its order), then attempts' states, in order. */
    void retry() {
        if (pending() == 0) {
            return;
        }
        try {
            retryOrders();
            for (TransferRecord r : new ArrayList<>(unsaved.values())) {
                store.update(r);
                unsaved.remove(r.id());
            }
        } catch (RuntimeException e) {
            log.debug("transfer writes still refused: {}", e.getMessage());
        }
    }

    private void retryOrders() {
        for (var it = ordersOwed.entrySet().iterator(); it.hasNext(); ) {
            var owed = it.next();
            TransferRecord r = unsaved.get(owed.getKey());
            if (r == null) {
                r = store.find(owed.getKey()).orElseThrow();
            }
            long orderId = outcomes.transferFailedWorkOrder(owed.getValue(), r).id();
            it.remove();
            unsaved.put(r.id(), r.withWorkOrder(r.target(), orderId));
            log.info("transfer {}: work order WO{} made after the database came back", r.ref(), orderId);
        }
    }
}
