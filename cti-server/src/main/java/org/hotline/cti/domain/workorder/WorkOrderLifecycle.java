package org.hotline.cti.domain.workorder;

import static org.hotline.cti.domain.workorder.WorkOrderGuards.blank;
import static org.hotline.cti.domain.workorder.WorkOrderGuards.missing;
import static org.hotline.cti.domain.workorder.WorkOrderGuards.requireState;
import static org.hotline.cti.domain.workorder.WorkOrderGuards.wrongState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.domain.calendar.WorkCalendar;

/**
 * The work-order state machine (R2, R13–R16): {@code created -> dispatched -> signed -> completed
 * -> fed-back -> evaluated -> closed}, with return as not our remit (R15), extension (R13), joint
 * handling (R14), a long-term plan (R13), hand-over to a competent body (移交) and escalation to the
 * business-environment supervision office (R15). Pure: each action takes the stored order and
 * returns the next version with its transitions ({@code from -> trigger -> to}, who, when, note,
 * and the commands for the application), or refuses with a stable error id and changes nothing.
 *
 * <p>Deadlines come from the working calendar when a step begins:
 * <ul>
 *   <li>dispatch: 5 minutes after creation or return (R13), wall time: the hotline is staffed
 *       around the clock.</li>
 *   <li>sign and contact the caller: 2 hours of <em>working time</em> after dispatch (R13) — only
 *       minutes inside the departments' working hours on working days count
 *       ({@link WorkCalendar#plusWorkingTime}), because no one can sign for a department outside them;
 *       an off-hours urgent order (次紧急) instead by 09:00 of the next working day (R2).</li>
 *   <li>complete: the kind's working days after dispatch (R13: 3 or 5), 5 when handled jointly (R14);
 *       extensions with a reason move it, at most 3 working days in all (R13), 5 more for joint
 *       handling so that it never passes 10 working days (R14). A re-dispatch starts the clock
 *       again for the new department.</li>
 *   <li>feed back: 1 working day after completion (R16).</li>
 * </ul>
 *
 * <p>Escalation (R15): when an order passes its sign, complete or feedback deadline — noticed by
 * {@link #checkDeadlines} or by the next action on it, whichever comes first — or when its first
 * evaluation is 不满意, the step carries an {@link WorkOrderCommand.Escalate} once per cause; the
 * order remembers the causes, so the store makes it exactly once also across restarts. A late
 * dispatch is the hotline's own lapse (R18 counts it) and is not escalated.
 */
public final class WorkOrderLifecycle {

    private static final ErrorId WRONG_STATE = ErrorId.WRONG_STATE;
    private static final ErrorId FORBIDDEN = ErrorId.FORBIDDEN;
    private static final ErrorId EXTENSION_LIMIT = ErrorId.EXTENSION_LIMIT;
    private static final ErrorId REASON_REQUIRED = ErrorId.REASON_REQUIRED;
    private static final ErrorId BAD_WORKING_DAYS = ErrorId.BAD_WORKING_DAYS;

    /** R13: an order is dispatched within 5 minutes of being made. */
    public static final Duration DISPATCH_WITHIN = Duration.ofMinutes(5);
    /** R13: the department signs and contacts the caller within 2 hours (of working time). */
    public static final Duration SIGN_WITHIN = Duration.ofHours(2);
    /** R16: the result reaches the caller within 1 working day of completion. */
    public static final int FEEDBACK_WORKING_DAYS = 1;
    /** R13: a complex case may be extended by at most 3 working days in all. */
    public static final int EXTENSION_CAP = 3;
    /** R14: joint handling takes 5 working days... */
    public static final int JOINT_WORKING_DAYS = 5;
    /** ...and may be extended to 10 at most. */
    public static final int JOINT_EXTENSION_CAP = 5;

    /** A step: the order after it and what happened, in order (an escalation may precede the action). */
    public record Step(WorkOrder order, List<WorkOrderTransition> transitions) {
        public Step {
            transitions = List.copyOf(transitions);
        }

        public List<WorkOrderCommand> commands() {
            return transitions.stream().flatMap(t -> t.commands().stream()).toList();
        }
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final WorkCalendar calendar;
    private final Clock clock;
    private final String office;
    private final WorkOrderGuards guard;

    /**
     * @param supervisionOffice the department code of the business-environment supervision office
     *                          (营商环境监督局), which sees escalated orders; null when none is configured
     */
    public WorkOrderLifecycle(WorkCalendar calendar, Clock clock, String supervisionOffice) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.office = supervisionOffice;
        this.guard = new WorkOrderGuards(supervisionOffice);
    }

    public Optional<String> supervisionOffice() {
        return Optional.ofNullable(office);
    }

    /** Whether {@code actor} may see {@code order} (a department only its own; the office escalated ones too). */
    public boolean visible(WorkOrder order, Actor actor) {
        return order.visibleTo(actor, office);
    }

    /**
     * A new order, {@code created} with its 5-minute dispatch deadline; when {@code dispatch} (orders
     * the system makes, R2/R13, or an agent who picks the department at once) it is dispatched in
     * the same step.
     */
    public Step create(NewWorkOrder n, Actor by, boolean dispatch) {
        if (by.kind() == Actor.Kind.DEPARTMENT) {
            throw new CtiException(FORBIDDEN, "work orders are made by the hotline, not by a department");
        }
        if (blank(n.description())) {
            throw missing("description", "what the caller asks for");
        }
        Instant now = clock.instant();
        WorkOrder.Draft d = new WorkOrder.Draft();
        d.kind = n.kind();
        d.origin = n.origin();
        d.department = n.department();
        d.matter = n.matter();
        d.caller = n.caller();
        d.callId = n.callId();
        d.description = n.description().strip();
        d.cause = n.cause();
        d.createdBy = by.user();
        d.createdAt = now;
        d.status = WorkOrderStatus.CREATED;
        d.dispatchBy = now.plus(DISPATCH_WITHIN);
        List<WorkOrderTransition> out = new ArrayList<>();
        out.add(new WorkOrderTransition(
                by.user(),
                now,
                null,
                WorkOrderTrigger.CREATE,
                d.status,
                n.kind().chinese() + "，承办单位 " + n.department(),
                List.of()));
        if (dispatch) {
            WorkOrderStatus from = d.status;
            dispatchTo(d, n.department(), now);
            out.add(transition(by, now, from, WorkOrderTrigger.DISPATCH, d, dispatchNote(d), List.of()));
        }
        return new Step(d.build(), out);
    }

    /**
     * Dispatch to {@code department} (null: the order's own). A new order may be dispatched by any
     * hotline user; a returned one (R15, up or down the hierarchy) and one whose caller was not
     * satisfied (re-handled under supervision) only by a supervisor, or for the latter the
     * supervision office.
     */
    public Step dispatch(WorkOrder o, Actor by, String department) {
        Instant now = clock.instant();
        guard.requireVisible(o, by);
        switch (o.status()) {
            case CREATED -> guard.requireHotline(by, Actor.Kind.AGENT, "dispatch");
            case RETURNED -> {
                guard.requireHotline(by, Actor.Kind.SUPERVISOR, "re-dispatch a returned order");
                if (blank(department)) {
                    throw missing("department", "the department to re-dispatch to (R15: up or down the hierarchy)");
                }
            }
            case EVALUATED -> {
                guard.requireSupervision(by, "re-dispatch an order under supervision");
                if (o.evaluation() != Evaluation.DISSATISFIED) {
                    throw wrongState(o, "dispatch", "only an order the caller was not satisfied with is handled again");
                }
            }
            default -> throw wrongState(o, "dispatch", null);
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        WorkOrderStatus from = d.status;
        dispatchTo(d, blank(department) ? o.department() : department.strip(), now);
        out.add(transition(by, now, from, WorkOrderTrigger.DISPATCH, d, dispatchNote(d), List.of()));
        return new Step(d.build(), out);
    }

    /** The department signs for the order and has contacted the caller (R13, R2). */
    public Step sign(WorkOrder o, Actor by, String note) {
        Instant now = clock.instant();
        guard.requireOwnDepartment(o, by, "sign");
        requireState(o, "sign", WorkOrderStatus.DISPATCHED);
        if (blank(note)) {
            throw missing("note", "how and when the caller was contacted (R13)");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        d.status = WorkOrderStatus.SIGNED;
        d.signedAt = now;
        out.add(transition(by, now, WorkOrderStatus.DISPATCHED, WorkOrderTrigger.SIGN, d, note.strip(), List.of()));
        return new Step(d.build(), out);
    }

    /**
     * A complex case needing leadership review gets more time, with a reason (R13: at most 3 working
     * days beyond the limit in all; R14: joint handling at most 10 working days in all).
     */
    public Step extend(WorkOrder o, Actor by, String reason, int workingDays) {
        Instant now = clock.instant();
        guard.requireOwnDepartment(o, by, "extend");
        requireState(o, "extend", WorkOrderStatus.DISPATCHED, WorkOrderStatus.SIGNED);
        if (blank(reason)) {
            throw new CtiException(REASON_REQUIRED, "an extension needs a reason the caller is told (R13)");
        }
        if (workingDays < 1) {
            throw new CtiException(BAD_WORKING_DAYS, "workingDays must be 1 or more, was " + workingDays);
        }
        int cap = o.joint() ? JOINT_EXTENSION_CAP : EXTENSION_CAP;
        if (o.extensionDays() + workingDays > cap) {
            throw new CtiException(
                    EXTENSION_LIMIT,
                    (o.joint()
                                    ? "joint handling may be extended to 10 working days at most (R14)"
                                    : "an order may be extended by 3 working days at most (R13)")
                            + "; already extended by " + o.extensionDays() + ", " + (cap - o.extensionDays())
                            + " left");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        d.extensionDays += workingDays;
        d.completeBy = calendar.plusWorkingDays(d.completeBy, workingDays);
        WorkOrderStatus from = d.status;
        out.add(transition(
                by,
                now,
                from,
                WorkOrderTrigger.EXTEND,
                d,
                reason.strip() + "（延期 " + workingDays + " 个工作日，办结时限 " + local(d.completeBy) + "）",
                List.of()));
        return new Step(d.build(), out);
    }

    /** The department has settled the request (R13). */
    public Step complete(WorkOrder o, Actor by, String result) {
        Instant now = clock.instant();
        guard.requireOwnDepartment(o, by, "complete");
        requireState(o, "complete", WorkOrderStatus.SIGNED);
        if (blank(result)) {
            throw missing("result", "what was done for the caller");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        d.status = WorkOrderStatus.COMPLETED;
        d.completedAt = now;
        d.result = result.strip();
        d.feedbackBy = calendar.plusWorkingDays(now, FEEDBACK_WORKING_DAYS);
        out.add(transition(by, now, WorkOrderStatus.SIGNED, WorkOrderTrigger.COMPLETE, d, d.result, List.of()));
        return new Step(d.build(), out);
    }

    /** The lead department has told the caller the result and pushes it to the hotline (R16: 谁主办、谁反馈). */
    public Step feedback(WorkOrder o, Actor by, String note) {
        Instant now = clock.instant();
        guard.requireOwnDepartment(o, by, "feed back");
        requireState(o, "feedback", WorkOrderStatus.COMPLETED);
        if (blank(note)) {
            throw missing("note", "what the caller was told, and when");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        d.status = WorkOrderStatus.FED_BACK;
        d.fedBackAt = now;
        d.feedbackNote = note.strip();
        out.add(transition(
                by, now, WorkOrderStatus.COMPLETED, WorkOrderTrigger.FEEDBACK, d, d.feedbackNote, List.of()));
        return new Step(d.build(), out);
    }

    /**
     * The caller's evaluation, recorded by the hotline (a supervisor, from a return call, R17). A
     * first evaluation 不满意 sends the order to the supervision office (R15).
     */
    public Step evaluate(WorkOrder o, Actor by, Evaluation evaluation) {
        Instant now = clock.instant();
        guard.requireVisible(o, by);
        guard.requireHotline(by, Actor.Kind.SUPERVISOR, "record the caller's evaluation");
        requireState(o, "evaluate", WorkOrderStatus.FED_BACK);
        Objects.requireNonNull(evaluation, "evaluation");
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        boolean first = d.firstEvaluation == null;
        d.status = WorkOrderStatus.EVALUATED;
        d.evaluatedAt = now;
        d.evaluation = evaluation;
        if (first) {
            d.firstEvaluation = evaluation;
        }
        out.add(transition(
                by, now, WorkOrderStatus.FED_BACK, WorkOrderTrigger.EVALUATE, d, evaluation.chinese(), List.of()));
        if (first && evaluation == Evaluation.DISSATISFIED) {
            escalate(d, out, EscalationCause.DISSATISFIED, now, "首次评价不满意");
        }
        return new Step(d.build(), out);
    }

    /** Not this department's remit: back to the hotline for re-dispatch up or down the hierarchy (R15). */
    public Step returnToHotline(WorkOrder o, Actor by, String reason) {
        Instant now = clock.instant();
        guard.requireOwnDepartment(o, by, "return");
        requireState(o, "return", WorkOrderStatus.DISPATCHED, WorkOrderStatus.SIGNED);
        if (blank(reason)) {
            throw new CtiException(REASON_REQUIRED, "say why the request is not your remit, and whose it is (R15)");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        WorkOrderStatus from = d.status;
        d.status = WorkOrderStatus.RETURNED;
        d.returnedBy = o.department();
        d.dispatchBy = now.plus(DISPATCH_WITHIN);
        out.add(transition(by, now, from, WorkOrderTrigger.RETURN, d, reason.strip(), List.of()));
        return new Step(d.build(), out);
    }

    /**
     * A case that seriously harms the business environment or involves discipline or law goes to
     * the competent {@code body} by procedure (移交, seed 四(四)); the hotline closes it with the
     * record. Supervisors and the supervision office may do this.
     */
    public Step handOver(WorkOrder o, Actor by, String body, String reason) {
        Instant now = clock.instant();
        guard.requireVisible(o, by);
        guard.requireSupervision(by, "hand an order over");
        if (!o.open()) {
            throw wrongState(o, "hand-over", null);
        }
        if (blank(body)) {
            throw missing("body", "the competent body it goes to");
        }
        if (blank(reason)) {
            throw new CtiException(REASON_REQUIRED, "a hand-over needs the reason (移交原因)");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        WorkOrderStatus from = d.status;
        d.status = WorkOrderStatus.CLOSED;
        d.closedAt = now;
        d.handedOverTo = body.strip();
        out.add(transition(
                by,
                now,
                from,
                WorkOrderTrigger.HAND_OVER,
                d,
                "移交 " + d.handedOverTo + "：" + reason.strip(),
                List.of()));
        return new Step(d.build(), out);
    }

    /** The hotline closes an evaluated order. */
    public Step close(WorkOrder o, Actor by) {
        Instant now = clock.instant();
        guard.requireVisible(o, by);
        guard.requireHotline(by, Actor.Kind.SUPERVISOR, "close");
        requireState(o, "close", WorkOrderStatus.EVALUATED);
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        d.status = WorkOrderStatus.CLOSED;
        d.closedAt = now;
        return new Step(
                d.build(),
                List.of(transition(by, now, WorkOrderStatus.EVALUATED, WorkOrderTrigger.CLOSE, d, null, List.of())));
    }

    /**
     * R14: a request touching several departments; the business-environment office (or a
     * supervisor recording its decision) fixes the lead department and the participants. The lead
     * gets 5 working days from dispatch; when the lead is another department, or the order was not
     * with a department yet, it is dispatched to the lead now.
     */
    public Step joint(WorkOrder o, Actor by, String lead, List<String> participants, String note) {
        Instant now = clock.instant();
        guard.requireVisible(o, by);
        guard.requireSupervision(by, "fix joint handling");
        requireState(
                o,
                "joint",
                WorkOrderStatus.CREATED,
                WorkOrderStatus.RETURNED,
                WorkOrderStatus.DISPATCHED,
                WorkOrderStatus.SIGNED);
        if (blank(lead)) {
            throw missing("lead", "the lead department (牵头单位)");
        }
        List<String> others = participants == null
                ? List.of()
                : participants.stream()
                        .filter(p -> !blank(p))
                        .map(String::strip)
                        .filter(p -> !p.equals(lead.strip()))
                        .distinct()
                        .toList();
        if (others.isEmpty()) {
            throw missing("participants", "the other departments taking part (R14)");
        }
        if (o.extensionDays() > JOINT_EXTENSION_CAP) {
            throw new CtiException(EXTENSION_LIMIT, "already extended beyond what joint handling allows (R14)");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        WorkOrderStatus from = d.status;
        d.joint = true;
        d.participants = others;
        boolean withLead = (d.status == WorkOrderStatus.DISPATCHED || d.status == WorkOrderStatus.SIGNED)
                && d.department.equals(lead.strip());
        if (withLead) {
            d.completeBy = calendar.plusWorkingDays(d.dispatchedAt, JOINT_WORKING_DAYS + d.extensionDays);
        } else {
            dispatchTo(d, lead.strip(), now);
        }
        out.add(transition(
                by,
                now,
                from,
                WorkOrderTrigger.JOINT,
                d,
                "牵头 " + d.department + "，协办 " + String.join("、", others) + "，办结时限 " + local(d.completeBy)
                        + (blank(note) ? "" : "：" + note.strip()),
                List.of()));
        return new Step(d.build(), out);
    }

    /**
     * R13: a policy suggestion that cannot be settled soon: the department records the stepwise plan,
     * its deadline, owner and contact, told to the caller; it then completes the order with it.
     */
    public Step plan(WorkOrder o, Actor by, Plan plan) {
        Instant now = clock.instant();
        guard.requireOwnDepartment(o, by, "plan");
        requireState(o, "plan", WorkOrderStatus.SIGNED);
        if (o.kind() != WorkOrderKind.SUGGESTION) {
            throw new CtiException(
                    WRONG_STATE,
                    o.ref() + " is a " + o.kind().wireName() + " order; a long-term plan is for suggestions (R13)");
        }
        if (plan == null || plan.steps().isEmpty()) {
            throw missing("steps", "the stepwise plan (分步解决方案)");
        }
        if (plan.deadline() == null) {
            throw missing("deadline", "when the plan is done (完成时限)");
        }
        if (blank(plan.owner()) || blank(plan.contact())) {
            throw missing(blank(plan.owner()) ? "owner" : "contact", "who is responsible and how to reach them");
        }
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, now);
        d.plan = plan;
        out.add(transition(
                by,
                now,
                WorkOrderStatus.SIGNED,
                WorkOrderTrigger.PLAN,
                d,
                plan.steps().size() + " 步，" + plan.deadline() + " 前完成，责任人 " + plan.owner() + "（" + plan.contact() + "）",
                List.of()));
        return new Step(d.build(), out);
    }

    /**
     * The periodic check: when the current stage's deadline has passed and that cause has not yet
     * escalated the order, a step with the escalation (R15); otherwise empty.
     */
    public Optional<Step> checkDeadlines(WorkOrder o) {
        WorkOrder.Draft d = new WorkOrder.Draft(o);
        List<WorkOrderTransition> out = new ArrayList<>();
        escalateIfLate(d, out, clock.instant());
        return out.isEmpty() ? Optional.empty() : Optional.of(new Step(d.build(), out));
    }

    /**
     * The actions {@code actor} may take on {@code o} now, by their API names (for an inbox to show
     * only the buttons that work); see {@link WorkOrderActions}.
     */
    public List<String> actionsFor(WorkOrder o, Actor actor) {
        return WorkOrderActions.allowed(this, o, actor);
    }

    // --- the rules behind every action ---

    private void dispatchTo(WorkOrder.Draft d, String department, Instant now) {
        d.department = department;
        d.status = WorkOrderStatus.DISPATCHED;
        d.dispatchedAt = now;
        d.signBy = d.kind == WorkOrderKind.OFF_HOURS_URGENT
                ? calendar.nextWorkingDayAt0900(now) // R2
                : calendar.plusWorkingTime(now, SIGN_WITHIN); // R13, working time only
        d.extensionDays = 0;
        d.completeBy = calendar.plusWorkingDays(now, d.joint ? JOINT_WORKING_DAYS : d.kind.workingDays());
        d.signedAt = null;
        d.completedAt = null;
        d.result = null;
        d.feedbackBy = null;
        d.fedBackAt = null;
        d.feedbackNote = null;
        d.evaluatedAt = null;
        d.evaluation = null;
    }

    private String dispatchNote(WorkOrder.Draft d) {
        return "派至 " + d.department + "，签收时限 " + local(d.signBy) + "，办结时限 " + local(d.completeBy);
    }

    private void escalateIfLate(WorkOrder.Draft d, List<WorkOrderTransition> out, Instant now) {
        WorkOrder current = d.build();
        Optional<Stage> late = current.overdueStage(now);
        if (late.isEmpty()) {
            return;
        }
        Optional<EscalationCause> cause = late.get().overdueCause();
        if (cause.isPresent() && !d.escalations.containsKey(cause.get())) {
            escalate(
                    d,
                    out,
                    cause.get(),
                    now,
                    late.get().wireName() + " deadline "
                            + local(current.deadline().orElseThrow()) + " passed");
        }
    }

    private void escalate(
            WorkOrder.Draft d, List<WorkOrderTransition> out, EscalationCause cause, Instant now, String note) {
        d.escalations.put(cause, now);
        WorkOrderStatus state = d.status;
        out.add(new WorkOrderTransition(
                Actor.SYSTEM.user(),
                now,
                state,
                WorkOrderTrigger.escalate(cause),
                state,
                note + (office == null ? "" : "，转 " + office + " 督办"),
                List.of(new WorkOrderCommand.Escalate(cause, office, now))));
    }

    private WorkOrderTransition transition(
            Actor by,
            Instant at,
            WorkOrderStatus from,
            WorkOrderTrigger trigger,
            WorkOrder.Draft d,
            String note,
            List<WorkOrderCommand> commands) {
        return new WorkOrderTransition(by.user(), at, from, trigger, d.status, note, commands);
    }

    private String local(Instant t) {
        return t == null ? "-" : LOCAL.format(t.atZone(calendar.zone()));
    }
}
