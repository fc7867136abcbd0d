package org.hotline.cti.app.workorder;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.Fields;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;

/**
 * A work order made by hand (R2, R13), from the agent socket's {@code workorder.create} or {@code
 * POST /api/workorders}: department and description required, kind help unless given.
 *
 * @param dispatch whether it goes to the department at once (the default)
 */
public record CreateWorkOrderRequest(
        WorkOrderKind kind,
        String department,
        String matter,
        String caller,
        String callId,
        String description,
        boolean dispatch) {

    public CreateWorkOrderRequest {
        kind = kind == null ? WorkOrderKind.HELP : kind;
        department = Fields.required(department, "department").strip();
        Fields.required(description, "description");
    }

    /** A kind by its wire name, or {@code unknown-kind} listing the ones there are; null stays null (help). */
    public static WorkOrderKind kind(String wireName) {
        return wireName == null
                ? null
                : WorkOrderKind.fromWire(wireName)
                        .orElseThrow(() -> new CtiException(
                                ErrorId.UNKNOWN_KIND,
                                "kind must be one of consultation, help, suggestion, "
                                        + "complaint, report, off-hours-urgent; was '" + wireName + "'"));
    }

    public NewWorkOrder newWorkOrder() {
        return new NewWorkOrder(kind, WorkOrderOrigin.MANUAL, department, matter, caller, callId, description, null);
    }
}
