package org.hotline.cti.app.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.app.port.RotationStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.rotation.RotationSchedule;
import org.hotline.cti.domain.rotation.RotationSession;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.Stage;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderTrigger;

/**
 * The monthly bulletin (通报, R18): per department, the work orders received, completed on time,
 * missed deadlines per stage, extended and escalated (R13–R16), the callers' satisfaction (R17) and
 * the transfer connection rate (R1), the rotation sessions it took part in and the market entities it
 * served (R4/R5); hotline-wide, calls, three-way share (R10), direct-resolution rate (R12), callbacks
 * done within 24 h (R11), and rotation sessions scheduled, held, meeting the target of 50 and the
 * entities served in them (each entity once per session, R5). Every figure is a count of stored records in the
 * month (in the hotline's zone), as they stood at the month's end (or now, for the current month).
 *
 * <p>Which month a work-order figure falls in: received by {@code createdAt}; completed (on time or
 * late against {@code completeBy}, extensions included) by {@code completedAt}; a missed stage
 * deadline by the deadline itself, missed when the step was done after it or not done by the
 * month's end; extended by the {@code extend} transitions of the audit trail; escalated by the
 * escalation's instant; evaluated by {@code evaluatedAt}. Orders count for their lead department.
 */
public final class MonthlyReport {
    /** How far back an order may have been made and still have a figure in the month (its deadlines, completion). */
    static final Duration LOOKBACK = Duration.ofDays(400);

    private static final int MAX_ORDERS = 1_000_000;

    private final WorkOrderStore orders;
    private final TransferStore transfers;
    private final CallStore calls;
    private final CallbackStore callbacks;
    private final HotlineRules rules;
    private final Clock clock;
    private RotationStore rotation;

    public MonthlyReport(
            WorkOrderStore orders,
            TransferStore transfers,
            CallStore calls,
            CallbackStore callbacks,
            HotlineRules rules,
            Clock clock) {
        this.orders = orders;
        this.transfers = transfers;
        this.calls = calls;
        this.callbacks = callbacks;
        this.rules = rules;
        this.clock = clock;
    }

    /** R4/R5: counts rotation sessions held and market entities served from these records. */
    public MonthlyReport useRotation(RotationStore store) {
        this.rotation = store;
        return this;
    }

    public ZoneId zone() {
        return rules.now().calendar().zone();
    }

    /** One department's line of the bulletin. */
    public record DepartmentLine(
            String code,
            String name,
            long received,
            long completed,
            long completedOnTime,
            Map<Stage, Long> overdueByStage,
            long extended,
            long escalated,
            long evaluated,
            long satisfied,
            long transferAttempts,
            long transferConnected,
            long transferCallerGone,
            long rotationSessions,
            long entitiesServed) {
        /** R17: (满意 + 基本满意) ÷ evaluated; null when nobody evaluated. */
        public Double satisfactionRate() {
            return evaluated == 0 ? null : (double) satisfied / evaluated;
        }

        /** R1: connected ÷ (attempts − caller-gone); the caller hanging up first is not the department's failure. */
        public Double connectionRate() {
            long counted = transferAttempts - transferCallerGone;
            return counted <= 0 ? null : (double) transferConnected / counted;
        }

        public long overdue() {
            return overdueByStage.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The hotline-wide figures of the month. */
    public record Hotline(
            long calls,
            long threeWayCalls,
            long wrappedUp,
            long direct,
            long callbacksDue,
            long callbacksDoneInTime,
            long rotationSessionsScheduled,
            long rotationSessionsHeld,
            long entitiesServed,
            long rotationSessionsMetTarget) {
        /** R10: connected three-way calls ÷ calls. */
        public Double threeWayShare() {
            return calls == 0 ? null : (double) threeWayCalls / calls;
        }

        /** R12: direct ÷ wrapped-up consultation calls. */
        public Double directResolutionRate() {
            return wrappedUp == 0 ? null : (double) direct / wrappedUp;
        }

        /** R11: callbacks due in the month that were done by their due time. */
        public Double callbacksInTimeRate() {
            return callbacksDue == 0 ? null : (double) callbacksDoneInTime / callbacksDue;
        }
    }

    public record Month(YearMonth month, Instant asOf, Hotline hotline, List<DepartmentLine> departments) {}

    public Month of(YearMonth month) {
        ZoneId zone = zone();
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        Instant asOf = now.isBefore(to) ? now : to;

        List<WorkOrder> candidates = orders.find(Set.of(), from.minus(LOOKBACK), to, MAX_ORDERS);
        List<TransferRecord> monthTransfers = transfers.requestedBetween(from, to).stream()
                .filter(TransferRecord::finished)
                .toList();

        List<RotationSession> sessions = sessions(month, asOf);
        List<DepartmentLine> lines = new ArrayList<>();
        for (Department d : rules.now().directory().departments()) {
            List<WorkOrder> mine = candidates.stream()
                    .filter(o -> d.code().equals(o.department()))
                    .toList();
            long received =
                    mine.stream().filter(o -> in(o.createdAt(), from, to)).count();
            List<WorkOrder> completed =
                    mine.stream().filter(o -> in(o.completedAt(), from, to)).toList();
            long onTime = completed.stream()
                    .filter(o -> o.completeBy() == null || !o.completedAt().isAfter(o.completeBy()))
                    .count();
            Map<Stage, Long> overdue = new LinkedHashMap<>();
            overdue.put(
                    Stage.DISPATCH,
                    mine.stream()
                            .filter(o -> missed(o.dispatchBy(), o.dispatchedAt(), from, to, asOf))
                            .count());
            overdue.put(
                    Stage.SIGN,
                    mine.stream()
                            .filter(o -> missed(o.signBy(), o.signedAt(), from, to, asOf))
                            .count());
            overdue.put(
                    Stage.COMPLETE,
                    mine.stream()
                            .filter(o -> missed(o.completeBy(), o.completedAt(), from, to, asOf))
                            .count());
            overdue.put(
                    Stage.FEEDBACK,
                    mine.stream()
                            .filter(o -> missed(o.feedbackBy(), o.fedBackAt(), from, to, asOf))
                            .count());
            long extended = mine.stream()
                    .filter(o -> o.extensionDays() > 0)
                    .filter(o -> orders.trail(o.id()).stream()
                            .anyMatch(t -> t.trigger() == WorkOrderTrigger.EXTEND && in(t.at(), from, to)))
                    .count();
            long escalated = mine.stream()
                    .filter(o -> o.escalations().values().stream().anyMatch(at -> in(at, from, asOf)))
                    .count();
            List<WorkOrder> evaluated = mine.stream()
                    .filter(o -> o.evaluation() != null && in(o.evaluatedAt(), from, asOf))
                    .toList();
            long satisfied = evaluated.stream()
                    .filter(o -> o.evaluation() != Evaluation.DISSATISFIED)
                    .count();
            List<TransferRecord> tr = monthTransfers.stream()
                    .filter(t -> d.code().equals(t.department()))
                    .toList();
            long connected = tr.stream().filter(t -> t.connected()).count();
            long gone = tr.stream()
                    .filter(t -> t.cause() == FailureCause.CALLER_GONE)
                    .count();
            lines.add(new DepartmentLine(
                    d.code(),
                    d.name(),
                    received,
                    completed.size(),
                    onTime,
                    overdue,
                    extended,
                    escalated,
                    evaluated.size(),
                    satisfied,
                    tr.size(),
                    connected,
                    gone,
                    sessions.stream().filter(x -> tookPart(x, d.code())).count(),
                    sessions.stream().mapToLong(x -> servedFor(x, d.code())).sum()));
        }

        List<CallRecord> monthCalls = calls.arrivedBetween(from, to);
        long threeWay = monthTransfers.stream().filter(t -> t.connected()).count();
        List<Wrapup> wrapups = transfers.wrapupsBetween(from, to);
        long direct =
                wrapups.stream().filter(w -> "direct".equals(w.resolution())).count();
        List<Callback> due = callbacks.list(EnumSet.allOf(CallbackStatus.class)).stream()
                .filter(c -> in(c.dueAt(), from, to))
                .toList();
        long doneInTime = due.stream()
                .filter(c -> !c.status().open()
                        && c.closedAt() != null
                        && !c.closedAt().isAfter(c.dueAt())
                        && !c.closedAt().isAfter(asOf))
                .count();
        List<RotationSession> held =
                sessions.stream().filter(MonthlyReport::held).toList();
        Hotline hotline = new Hotline(
                monthCalls.size(),
                threeWay,
                wrapups.size(),
                direct,
                due.size(),
                doneInTime,
                sessions.size(),
                held.size(),
                held.stream().mapToLong(RotationSession::servedCount).sum(),
                held.stream().filter(RotationSession::targetMet).count());
        return new Month(month, asOf, hotline, lines);
    }

    /**
     * R4: the month's rotation sessions that had started by {@code asOf} (by roster.yaml and the
     * calendar in force), each with its records; none without a rotation store.
     */
    private List<RotationSession> sessions(YearMonth month, Instant asOf) {
        if (rotation == null) {
            return List.of();
        }
        RotationSchedule schedule = new RotationSchedule(rules.now().roster());
        List<RotationSession> out = new ArrayList<>();
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            schedule.sessionOn(day)
                    .filter(slot -> slot.start().isBefore(asOf))
                    .ifPresent(slot -> out.add(new RotationSession(
                            slot,
                            rotation.signIns(slot.date()).stream()
                                    .filter(i -> i.at().isBefore(asOf))
                                    .toList(),
                            rotation.services(slot.date()).stream()
                                    .filter(e -> e.at().isBefore(asOf))
                                    .toList())));
        }
        return out;
    }

    /** R5: a session was held when a specialist signed in or an entity was served in it. */
    private static boolean held(RotationSession s) {
        return !s.signIns().isEmpty() || !s.services().isEmpty();
    }

    private static boolean tookPart(RotationSession s, String department) {
        return s.signIns().stream().anyMatch(i -> department.equals(i.department()))
                || s.services().stream().anyMatch(e -> department.equals(e.department()));
    }

    /** R5: the distinct market entities {@code department} served in the session (each once). */
    private static long servedFor(RotationSession s, String department) {
        return new RotationSession(
                        s.slot(),
                        List.of(),
                        s.services().stream()
                                .filter(e -> department.equals(e.department()))
                                .toList())
                .servedCount();
    }

    /** A deadline in the month that was missed: the step done after it, or not done by {@code asOf}. */
    private static boolean missed(Instant deadline, Instant doneAt, Instant from, Instant to, Instant asOf) {
        if (deadline == null || !in(deadline, from, to) || !deadline.isBefore(asOf)) {
            return false;
        }
        return doneAt == null || doneAt.isAfter(deadline);
    }

    private static boolean in(Instant at, Instant from, Instant to) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }
}
