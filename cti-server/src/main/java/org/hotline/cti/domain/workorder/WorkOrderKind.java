package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the caller asks for; it sets the completion limit in working days, counted from dispatch
 * (R13, seed 四(二)).
 *
 * <p>Consultation (咨询): the seed gives no limit of its own. Simple and complex consultations are
 * answered by the desk itself (R12: at once, or within 1 hour); one that still becomes a work order
 * (a matter not on the three-way list "转至相关部门办理", 三(一)) is held to the shorter of the
 * seed's two order limits, 3 working days, like help and suggestion requests (求助建议类).
 *
 * <p>Off-hours urgent (次紧急, R2): the department must contact the enterprise before 09:00 of the
 * next working day (that is its sign-by); the request itself is a three-way matter the specialist
 * would have settled on the phone, so it is completed within the help limit, 3 working days.
 */
public enum WorkOrderKind {
    CONSULTATION("consultation", "咨询", 3),
    HELP("help", "求助", 3),
    SUGGESTION("suggestion", "建议", 3),
    COMPLAINT("complaint", "投诉", 5),
    REPORT("report", "举报", 5),
    OFF_HOURS_URGENT("off-hours-urgent", "次紧急", 3);

    private final String wireName;
    private final String chinese;
    private final int workingDays;

    WorkOrderKind(String wireName, String chinese, int workingDays) {
        this.wireName = wireName;
        this.chinese = chinese;
        this.workingDays = workingDays;
    }

    public String wireName() {
        return wireName;
    }

    public String chinese() {
        return chinese;
    }

    /** The completion limit in working days after dispatch (R13). */
    public int workingDays() {
        return workingDays;
    }

    public static Optional<WorkOrderKind> fromWire(String s) {
        String k = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.wireName.equals(k)).findFirst();
    }
}
