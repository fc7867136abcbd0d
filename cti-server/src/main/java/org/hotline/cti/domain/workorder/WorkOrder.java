package org.hotline.cti.domain.workorder;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.domain.transfer.FailureCause;

/**
 * A request handed to a department (R2, R13–R16), as stored: immutable; {@link WorkOrderLifecycle}
 * makes the next version. Deadlines are instants computed from the working calendar when the step
 * begins: {@code dispatchBy} (R13: 5 min), {@code signBy} (R13: 2 h of working time; R2: 09:00 of
 * the next working day), {@code completeBy} (R13/R14: working days by kind, plus extensions),
 * {@code feedbackBy} (R16: 1 working day after completion).
 *
 * @param origin      who made it: hotline staff by hand, a failed transfer (R13) or an off-hours
 *                    request (R2)
 * @param cause       for a failed transfer, why it failed (stored and sent as its id, {@code no-answer}…)
 * @param returnedBy  the department that last returned it as not its remit (R15)
 * @param handedOverTo the competent body it was handed over to (移交), which closed it
 * @param escalations when each cause sent it to the supervision office (R15; at most once each)
 */
public record WorkOrder(
        long id,
        WorkOrderKind kind,
        WorkOrderOrigin origin,
        String department,
        String matter,
        String caller,
        String callId,
        String description,
        FailureCause cause,
        String createdBy,
        Instant createdAt,
        WorkOrderStatus status,
        Instant dispatchBy,
        Instant dispatchedAt,
        Instant signBy,
        Instant signedAt,
        Instant completeBy,
        Instant completedAt,
        Instant feedbackBy,
        Instant fedBackAt,
        Instant evaluatedAt,
        Instant closedAt,
        int extensionDays,
        boolean joint,
        List<String> participants,
        String result,
        String feedbackNote,
        Evaluation evaluation,
        Evaluation firstEvaluation,
        Plan plan,
        String returnedBy,
        String handedOverTo,
        Map<EscalationCause, Instant> escalations) {

    public WorkOrder {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        participants = participants == null ? List.of() : List.copyOf(participants);
        Map<EscalationCause, Instant> e = new EnumMap<>(EscalationCause.class);
        if (escalations != null) {
            e.putAll(escalations);
        }
        escalations = Collections.unmodifiableMap(e);
    }

    public String ref() {
        return "WO" + id;
    }

    public WorkOrder withId(long newId) {
        return new Draft(this).id(newId).build();
    }

    /** The step the order waits for; empty once closed. */
    public Optional<Stage> stage() {
        return Optional.ofNullable(
                switch (status) {
                    case CREATED, RETURNED -> Stage.DISPATCH;
                    case DISPATCHED -> Stage.SIGN;
                    case SIGNED -> Stage.COMPLETE;
                    case COMPLETED -> Stage.FEEDBACK;
                    case FED_BACK, EVALUATED -> Stage.EVALUATE;
                    case CLOSED -> null;
                });
    }

    /** The deadline of the current stage; empty when it has none (evaluation, closed). */
    public Optional<Instant> deadline() {
        return stage().map(s -> switch (s) {
            case DISPATCH -> dispatchBy;
            case SIGN -> signBy;
            case COMPLETE -> completeBy;
            case FEEDBACK -> feedbackBy;
            case EVALUATE -> null;
        });
    }

    /** True when the current stage's deadline has passed at {@code now} (R18: counted per stage). */
    public boolean overdue(Instant now) {
        return deadline().map(now::isAfter).orElse(false);
    }

    /** The stage that is overdue at {@code now}, if any. */
    public Optional<Stage> overdueStage(Instant now) {
        return overdue(now) ? stage() : Optional.empty();
    }

    public boolean open() {
        return status.open();
    }

    public boolean escalated() {
        return !escalations.isEmpty();
    }

    /** True when {@code department} leads or takes part in it (R14 joint handling). */
    public boolean involves(String departmentCode) {
        return department.equals(departmentCode) || participants.contains(departmentCode);
    }

    /**
     * Whether {@code actor} may see the order: the hotline sees all; a department its own orders
     * (lead or participant); the supervision office {@code office} also every escalated one (R15).
     */
    public boolean visibleTo(Actor actor, String office) {
        if (actor.hotline()) {
            return true;
        }
        return involves(actor.department()) || (actor.department().equals(office) && escalated());
    }

    /** A mutable copy for the lifecycle to fill in; package-private so nothing else can. */
    static final class Draft {
        long id;
        WorkOrderKind kind;
        WorkOrderOrigin origin;
        String department;
        String matter;
        String caller;
        String callId;
        String description;
        FailureCause cause;
        String createdBy;
        Instant createdAt;
        WorkOrderStatus status;
        Instant dispatchBy;
        Instant dispatchedAt;
        Instant signBy;
        Instant signedAt;
        Instant completeBy;
        Instant completedAt;
        Instant feedbackBy;
        Instant fedBackAt;
        Instant evaluatedAt;
        Instant closedAt;
        int extensionDays;
        boolean joint;
        List<String> participants = List.of();
        String result;
        String feedbackNote;
        Evaluation evaluation;
        Evaluation firstEvaluation;
        Plan plan;
        String returnedBy;
        String handedOverTo;
        Map<EscalationCause, Instant> escalations = new EnumMap<>(EscalationCause.class);

        Draft() {}

        Draft(WorkOrder o) {
            id = o.id;
            kind = o.kind;
            origin = o.origin;
            department = o.department;
            matter = o.matter;
            caller = o.caller;
            callId = o.callId;
            description = o.description;
            cause = o.cause;
            createdBy = o.createdBy;
            createdAt = o.createdAt;
            status = o.status;
            dispatchBy = o.dispatchBy;
            dispatchedAt = o.dispatchedAt;
            signBy = o.signBy;
            signedAt = o.signedAt;
            completeBy = o.completeBy;
            completedAt = o.completedAt;
            feedbackBy = o.feedbackBy;
            fedBackAt = o.fedBackAt;
            evaluatedAt = o.evaluatedAt;
            closedAt = o.closedAt;
            extensionDays = o.extensionDays;
            joint = o.joint;
            participants = o.participants;
            result = o.result;
            feedbackNote = o.feedbackNote;
            evaluation = o.evaluation;
            firstEvaluation = o.firstEvaluation;
            plan = o.plan;
            returnedBy = o.returnedBy;
            handedOverTo = o.handedOverTo;
            escalations = new EnumMap<>(EscalationCause.class);
            escalations.putAll(o.escalations);
        }

        Draft id(long v) {
            id = v;
            return this;
        }

        WorkOrder build() {
            return new WorkOrder(
                    id,
                    kind,
                    origin,
                    department,
                    matter,
                    caller,
                    callId,
                    description,
                    cause,
                    createdBy,
                    createdAt,
                    status,
                    dispatchBy,
                    dispatchedAt,
                    signBy,
                    signedAt,
                    completeBy,
                    completedAt,
                    feedbackBy,
                    fedBackAt,
                    evaluatedAt,
                    closedAt,
                    extensionDays,
                    joint,
                    participants,
                    result,
                    feedbackNote,
                    evaluation,
                    firstEvaluation,
                    plan,
                    returnedBy,
                    handedOverTo,
                    escalations);
        }
    }
}
