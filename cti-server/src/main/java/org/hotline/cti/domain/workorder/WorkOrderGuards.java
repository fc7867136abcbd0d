package org.hotline.cti.domain.workorder;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * Who may act on a work order and in which state (R13–R16): the checks every
 * {@link WorkOrderLifecycle} action makes before it changes anything, and the refusals they raise —
 * {@code not-your-order} before anything else for a department that may not see the order, then
 * {@code forbidden} for the wrong role, then {@code wrong-state}.
 */
final class WorkOrderGuards {
    private final String office;

    /** @param office the supervision office's department code, or null */
    WorkOrderGuards(String office) {
        this.office = office;
    }

    /** A department that may not even see the order is told it is not theirs (403), before anything else. */
    void requireVisible(WorkOrder o, Actor by) {
        if (!o.visibleTo(by, office)) {
            throw notYours(o, by);
        }
    }

    void requireOwnDepartment(WorkOrder o, Actor by, String what) {
        requireVisible(o, by);
        if (by.kind() != Actor.Kind.DEPARTMENT) {
            throw new CtiException(
                    ErrorId.FORBIDDEN,
                    "only the department the order is with may " + what + " it; " + by.user() + " is hotline staff");
        }
        if (!o.department().equals(by.department())) {
            throw new CtiException(
                    ErrorId.NOT_YOUR_ORDER,
                    o.ref() + " is led by " + o.department() + "; only the lead department may " + what + " it");
        }
    }

    void requireHotline(Actor by, Actor.Kind least, String what) {
        boolean ok = switch (by.kind()) {
            case SYSTEM, SUPERVISOR -> true;
            case AGENT -> least == Actor.Kind.AGENT;
            case DEPARTMENT -> false;
        };
        if (!ok) {
            throw new CtiException(
                    ErrorId.FORBIDDEN,
                    "only " + (least == Actor.Kind.AGENT ? "the hotline" : "a hotline supervisor") + " may " + what);
        }
    }

    /** Supervisors, or the business-environment supervision office itself. */
    void requireSupervision(Actor by, String what) {
        boolean ok = by.kind() == Actor.Kind.SYSTEM
                || by.kind() == Actor.Kind.SUPERVISOR
                || (by.kind() == Actor.Kind.DEPARTMENT && by.department().equals(office));
        if (!ok) {
            throw new CtiException(
                    ErrorId.FORBIDDEN, "only a hotline supervisor or the supervision office may " + what);
        }
    }

    static void requireState(WorkOrder o, String trigger, WorkOrderStatus... allowed) {
        for (WorkOrderStatus s : allowed) {
            if (o.status() == s) {
                return;
            }
        }
        throw wrongState(o, trigger, null);
    }

    static CtiException wrongState(WorkOrder o, String trigger, String why) {
        return new CtiException(
                ErrorId.WRONG_STATE,
                o.ref() + " is " + o.status().wireName() + ": '" + trigger + "' is not allowed"
                        + (why == null ? "" : " (" + why + ")"));
    }

    static CtiException notYours(WorkOrder o, Actor by) {
        return new CtiException(ErrorId.NOT_YOUR_ORDER, o.ref() + " is not an order of " + by.department());
    }

    static CtiException missing(String field, String what) {
        return new CtiException(ErrorId.MISSING_FIELD, "field '" + field + "' is required: " + what);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
