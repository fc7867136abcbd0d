package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why an order went to the business-environment supervision office (R15, seed 四(四)): a department
 * passed one of its deadlines, or the caller's first evaluation was 不满意. Each cause fires at most
 * once per order.
 */
public enum EscalationCause {
    OVERDUE_SIGN("overdue-sign"),
    OVERDUE_COMPLETE("overdue-complete"),
    OVERDUE_FEEDBACK("overdue-feedback"),
    DISSATISFIED("dissatisfied");

    private final String wireName;

    EscalationCause(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EscalationCause> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(s)).findFirst();
    }
}
