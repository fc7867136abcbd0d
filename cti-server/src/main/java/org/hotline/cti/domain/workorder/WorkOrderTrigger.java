package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Optional;

/**
 * What moved a work order one step, as its audit trail reads {@code from -> trigger -> to};
 * {@link #wireName()} is the text the store, the API's {@code trail[].trigger} and the log carry
 * ({@code dispatch}, {@code hand-over}, {@code escalate(overdue-sign)}…).
 */
public enum WorkOrderTrigger {
    CREATE("create"),
    DISPATCH("dispatch"),
    SIGN("sign"),
    EXTEND("extend"),
    JOINT("joint"),
    PLAN("plan"),
    COMPLETE("complete"),
    FEEDBACK("feedback"),
    EVALUATE("evaluate"),
    RETURN("return"),
    HAND_OVER("hand-over"),
    CLOSE("close"),
    /** R15: one per {@link EscalationCause}, which it names. */
    ESCALATE_OVERDUE_SIGN("escalate(overdue-sign)"),
    ESCALATE_OVERDUE_COMPLETE("escalate(overdue-complete)"),
    ESCALATE_OVERDUE_FEEDBACK("escalate(overdue-feedback)"),
    ESCALATE_DISSATISFIED("escalate(dissatisfied)");

    private final String wireName;

    WorkOrderTrigger(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The escalation by {@code cause} (R15). */
    public static WorkOrderTrigger escalate(EscalationCause cause) {
        return switch (cause) {
            case OVERDUE_SIGN -> ESCALATE_OVERDUE_SIGN;
            case OVERDUE_COMPLETE -> ESCALATE_OVERDUE_COMPLETE;
            case OVERDUE_FEEDBACK -> ESCALATE_OVERDUE_FEEDBACK;
            case DISSATISFIED -> ESCALATE_DISSATISFIED;
        };
    }

    public static Optional<WorkOrderTrigger> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
