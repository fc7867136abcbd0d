package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Optional;

/**
 * The step an open order waits for, each with its own deadline, so overdue is counted per stage
 * (R18): the hotline dispatches (R13: 5 min), the department signs and contacts the caller (R13:
 * 2 h of working time; R2: 09:00 of the next working day), completes (R13/R14: working days by kind),
 * feeds back (R16: 1 working day). Evaluation (R17) has no deadline.
 */
public enum Stage {
    DISPATCH("dispatch"),
    SIGN("sign"),
    COMPLETE("complete"),
    FEEDBACK("feedback"),
    EVALUATE("evaluate");

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Stage> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(s)).findFirst();
    }

    /** The escalation a passed deadline of this stage causes (R15); dispatch is the hotline's own step. */
    public Optional<EscalationCause> overdueCause() {
        return switch (this) {
            case SIGN -> Optional.of(EscalationCause.OVERDUE_SIGN);
            case COMPLETE -> Optional.of(EscalationCause.OVERDUE_COMPLETE);
            case FEEDBACK -> Optional.of(EscalationCause.OVERDUE_FEEDBACK);
            case DISPATCH, EVALUATE -> Optional.empty();
        };
    }
}
