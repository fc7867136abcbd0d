package org.hotline.cti.app.port;

import org.hotline.cti.app.workorder.WorkOrderFigures;

/**
 * The work-order figures for monitoring (R18): open and overdue orders by department and stage,
 * escalations by cause (R15). Implemented by the metrics adapter; the application never touches a
 * metrics library itself.
 */
public interface WorkOrderMetrics {

    /** The latest figures (after every change and every deadline check). */
    void update(WorkOrderFigures figures);

    WorkOrderMetrics NONE = figures -> {};
}
