package org.hotline.cti.app.workorder;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.domain.calendar.DueWording;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.EscalationCause;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderTransition;

/** The API's and the pushes' work-order object (docs/api.md), with names, deadlines and time left. */
public final class WorkOrderView {
    private WorkOrderView() {}

    /**
     * @param viewer when given, {@code actions} lists what that user may do with the order now
     */
    public static Map<String, Object> of(
            WorkOrder o,
            Instant now,
            java.time.ZoneId zone,
            Directory dir,
            Actor viewer,
            org.hotline.cti.domain.workorder.WorkOrderLifecycle machine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.ref());
        m.put("kind", o.kind().wireName());
        m.put("kindName", o.kind().chinese());
        m.put("origin", o.origin().wireName());
        m.put("status", o.status().wireName());
        m.put("stage", o.stage().map(s -> s.wireName()).orElse(null));
        m.put("department", o.department());
        m.put("departmentName", name(dir, o.department()));
        m.put("matter", o.matter());
        m.put(
                "matterName",
                o.matter() == null
                        ? null
                        : dir.matter(o.matter()).map(x -> x.name()).orElse(o.matter()));
        m.put("caller", o.caller());
        m.put("callId", o.callId());
        m.put("description", o.description());
        m.put("cause", o.cause() == null ? null : o.cause().id());
        m.put("createdBy", o.createdBy());
        m.put("createdAt", o.createdAt());
        Instant deadline = o.deadline().orElse(null);
        m.put("deadline", deadline);
        // How the agent and the department read it: 今日 09:00, 次日（…）09:00 or the date (R2).
        m.put("dueText", deadline == null ? null : DueWording.of(deadline, now, zone));
        m.put(
                "secondsLeft",
                deadline == null ? null : Duration.between(now, deadline).toSeconds());
        m.put("overdue", o.overdue(now));
        m.put("overdueStage", o.overdueStage(now).map(s -> s.wireName()).orElse(null));
        m.put("dispatchBy", o.dispatchBy());
        m.put("dispatchedAt", o.dispatchedAt());
        m.put("signBy", o.signBy());
        m.put("signedAt", o.signedAt());
        m.put("completeBy", o.completeBy());
        m.put("completedAt", o.completedAt());
        m.put("feedbackBy", o.feedbackBy());
        m.put("fedBackAt", o.fedBackAt());
        m.put("evaluatedAt", o.evaluatedAt());
        m.put("closedAt", o.closedAt());
        m.put("extensionDays", o.extensionDays());
        m.put("joint", o.joint());
        m.put("participants", o.participants());
        m.put("result", o.result());
        m.put("feedbackNote", o.feedbackNote());
        m.put("evaluation", o.evaluation() == null ? null : o.evaluation().wireName());
        m.put(
                "firstEvaluation",
                o.firstEvaluation() == null ? null : o.firstEvaluation().wireName());
        m.put(
                "plan",
                o.plan() == null
                        ? null
                        : Map.of(
                                "steps",
                                o.plan().steps(),
                                "deadline",
                                String.valueOf(o.plan().deadline()),
                                "owner",
                                o.plan().owner(),
                                "contact",
                                o.plan().contact()));
        m.put("returnedBy", o.returnedBy());
        m.put("handedOverTo", o.handedOverTo());
        m.put("escalated", o.escalated());
        m.put(
                "escalations",
                o.escalations().entrySet().stream()
                        .map(e -> Map.of("cause", e.getKey().wireName(), "at", e.getValue()))
                        .toList());
        // R15: up or down the hierarchy, for a returned order.
        m.put(
                "redispatchTo",
                dir.neighbours(o.department()).stream().map(Department::code).toList());
        if (viewer != null) {
            m.put("actions", machine.actionsFor(o, viewer));
        }
        return m;
    }

    public static Map<String, Object> transition(WorkOrderTransition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", t.at());
        m.put("by", t.by());
        m.put("from", WorkOrderTransition.name(t.from()));
        m.put("trigger", t.trigger().wireName());
        m.put("to", WorkOrderTransition.name(t.to()));
        m.put("note", t.note());
        return m;
    }

    public static List<String> causes() {
        return java.util.Arrays.stream(EscalationCause.values())
                .map(EscalationCause::wireName)
                .toList();
    }

    private static String name(Directory dir, String code) {
        return code == null ? null : dir.department(code).map(Department::name).orElse(code);
    }
}
