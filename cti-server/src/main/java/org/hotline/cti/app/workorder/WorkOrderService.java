package org.hotline.cti.app.workorder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.Plan;
import org.hotline.cti.domain.workorder.Stage;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderCommand;
import org.hotline.cti.domain.workorder.WorkOrderLifecycle;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.hotline.cti.domain.workorder.WorkOrderTransition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work-order use cases (R2, R13–R16): make an order, act on it for a user, list what a user
 * may see, and check deadlines periodically so that an overdue order escalates to the
 * business-environment supervision office at once — exactly once per cause, since the cause is
 * stored with the order in the same transaction (R15). Every transition is logged once as
 * {@code from -> trigger -> to}, stored in the audit trail and pushed as {@code workorder.updated}
 * to the dashboard and to the agent who made the order.
 */
public final class WorkOrderService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkOrderService.class);

    /** How often deadlines are checked; an escalation is at most this late. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    /** What a list shows: statuses (all when empty), a department, only overdue ones, only escalated ones. */
    public record Query(
            Set<WorkOrderStatus> statuses,
            boolean openOnly,
            String department,
            Boolean overdue,
            Boolean escalated,
            Instant from,
            Instant to) {}

    private final WorkOrderStore store;
    private final CallStore calls;
    private final WorkOrderMetrics metrics;
    private final HotlineRules rules;
    private final LiveEvents events;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "work-order-deadlines");
        t.setDaemon(true);
        return t;
    });
    private volatile WorkOrderFigures figures;

    /** The supervision office is the directory's {@code supervisionOffice} (departments.yaml), read on every use. */
    public WorkOrderService(
            WorkOrderStore store,
            CallStore calls,
            HotlineRules rules,
            LiveEvents events,
            WorkOrderMetrics metrics,
            Clock clock) {
        this.store = store;
        this.calls = calls;
        this.rules = rules;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Checks deadlines now and then every {@link #CHECK_EVERY}. */
    public void start() {
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    public WorkOrderLifecycle lifecycle() {
        return new WorkOrderLifecycle(rules.now().calendar(), clock, office());
    }

    /** The user behind a session, as the work-order machine sees them (admins act as supervisors). */
    public static Actor actor(Session s) {
        return switch (s.role()) {
            case DEPARTMENT -> Actor.department(s.user(), s.department() == null ? "?" : s.department());
            case AGENT -> Actor.agent(s.user());
            case SUPERVISOR, ADMIN -> Actor.supervisor(s.user());
        };
    }

    // --- making orders ---

    /** An order made by hotline staff (HTTP, agent protocol); dispatched at once unless {@code dispatch} is false. */
    public WorkOrder create(Actor by, NewWorkOrder n, boolean dispatch) {
        requireDepartment(n.department());
        if (n.matter() != null && rules.now().directory().matter(n.matter()).isEmpty()) {
            throw new CtiException(ErrorId.UNKNOWN_MATTER, "no matter with code '" + n.matter() + "'");
        }
        if (n.caller() == null && n.callId() != null) {
            String callId = n.callId();
            String caller = calls.find(callId)
                    .map(CallRecord::caller)
                    .orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALL, "no call with id '" + callId + "'"));
            n = new NewWorkOrder(
                    n.kind(), n.origin(), n.department(), n.matter(), caller, n.callId(), n.description(), n.cause());
        }
        WorkOrderLifecycle.Step step = lifecycle().create(n, by, dispatch);
        WorkOrder stored = store.create(step.order(), step.transitions());
        after(stored, step);
        return stored;
    }

    // --- acting on one ---

    public WorkOrder dispatch(long id, Actor by, String department) {
        if (department != null && !department.isBlank()) {
            requireDepartment(department.strip());
        }
        return act(id, by, (m, o) -> m.dispatch(o, by, department));
    }

    public WorkOrder sign(long id, Actor by, String note) {
        return act(id, by, (m, o) -> m.sign(o, by, note));
    }

    public WorkOrder extend(long id, Actor by, String reason, int workingDays) {
        return act(id, by, (m, o) -> m.extend(o, by, reason, workingDays));
    }

    public WorkOrder complete(long id, Actor by, String result) {
        return act(id, by, (m, o) -> m.complete(o, by, result));
    }

    public WorkOrder feedback(long id, Actor by, String note) {
        return act(id, by, (m, o) -> m.feedback(o, by, note));
    }

    public WorkOrder evaluate(long id, Actor by, Evaluation evaluation) {
        return act(id, by, (m, o) -> m.evaluate(o, by, evaluation));
    }

    public WorkOrder returnToHotline(long id, Actor by, String reason) {
        return act(id, by, (m, o) -> m.returnToHotline(o, by, reason));
    }

    public WorkOrder handOver(long id, Actor by, String body, String reason) {
        return act(id, by, (m, o) -> m.handOver(o, by, body, reason));
    }

    public WorkOrder close(long id, Actor by) {
        return act(id, by, (m, o) -> m.close(o, by));
    }

    public WorkOrder joint(long id, Actor by, String lead, List<String> participants, String note) {
        if (lead != null && !lead.isBlank()) {
            requireDepartment(lead.strip());
        }
        if (participants != null) {
            participants.stream().filter(p -> p != null && !p.isBlank()).forEach(p -> requireDepartment(p.strip()));
        }
        return act(id, by, (m, o) -> m.joint(o, by, lead, participants, note));
    }

    public WorkOrder plan(long id, Actor by, Plan plan) {
        return act(id, by, (m, o) -> m.plan(o, by, plan));
    }

    private interface Action {
        WorkOrderLifecycle.Step apply(WorkOrderLifecycle machine, WorkOrder order);
    }

    private WorkOrder act(long id, Actor by, Action action) {
        WorkOrderLifecycle machine = lifecycle();
        WorkOrderLifecycle.Step step =
                store.change(id, o -> Optional.of(action.apply(machine, o))).orElseThrow(() -> noSuch(id));
        after(step.order(), step);
        return step.order();
    }

    // --- reading ---

    /** One order, if {@code by} may see it ({@code not-your-order} otherwise). */
    public WorkOrder get(long id, Actor by) {
        WorkOrder o = store.find(id).orElseThrow(() -> noSuch(id));
        if (!o.visibleTo(by, office())) {
            throw new CtiException(ErrorId.NOT_YOUR_ORDER, o.ref() + " is not an order of " + by.department());
        }
        return o;
    }

    public List<WorkOrderTransition> trail(long id) {
        return store.trail(id);
    }

    /** The orders {@code by} may see that match {@code q}, newest first. */
    public List<WorkOrder> list(Actor by, Query q) {
        List<WorkOrder> base = new java.util.ArrayList<>(
                q.openOnly() ? store.open() : store.find(q.statuses(), q.from(), q.to(), 1000));
        base.sort(java.util.Comparator.comparingLong(WorkOrder::id).reversed());
        Instant now = clock.instant();
        return base.stream()
                .filter(o -> o.visibleTo(by, office()))
                .filter(o -> q.statuses().isEmpty() || q.statuses().contains(o.status()))
                .filter(o -> q.department() == null || o.involves(q.department()))
                .filter(o -> q.overdue() == null || o.overdue(now) == q.overdue())
                .filter(o -> q.escalated() == null || o.escalated() == q.escalated())
                .toList();
    }

    /** The API's view of {@code o}; for a {@code viewer} (may be null) with the actions open to them. */
    public Map<String, Object> view(WorkOrder o, Actor viewer) {
        return WorkOrderView.of(
                o, clock.instant(), rules.now().calendar().zone(), rules.now().directory(), viewer, lifecycle());
    }

    public Optional<String> supervisionOffice() {
        return Optional.ofNullable(office());
    }

    /** Read on every use: a reload of departments.yaml may name another office. */
    private String office() {
        return rules.now().directory().supervisionOffice().orElse(null);
    }

    // --- deadlines and figures ---

    /** Escalates every order whose current deadline passed and whose cause has not escalated it yet (R15). */
    public int checkDeadlines() {
        WorkOrderLifecycle machine = lifecycle();
        Instant now = clock.instant();
        int escalated = 0;
        for (WorkOrder o : store.open()) {
            boolean due = o.overdueStage(now)
                    .flatMap(Stage::overdueCause)
                    .filter(c -> !o.escalations().containsKey(c))
                    .isPresent();
            if (due) {
                Optional<WorkOrderLifecycle.Step> step = store.change(o.id(), machine::checkDeadlines);
                if (step.isPresent()) {
                    after(step.get().order(), step.get());
                    escalated++;
                }
            }
        }
        refreshFigures();
        return escalated;
    }

    private void checkQuietly() {
        try {
            checkDeadlines();
        } catch (RuntimeException e) {
            log.warn("work-order deadline check failed (retried in {} s): {}", CHECK_EVERY.toSeconds(), e.getMessage());
        }
    }

    /** The figures now (cached by the last check or change, at most {@link #CHECK_EVERY} old). */
    public WorkOrderFigures figures() {
        WorkOrderFigures f = figures;
        return f != null ? f : refreshFigures();
    }

    private WorkOrderFigures refreshFigures() {
        Instant now = clock.instant();
        WorkOrderFigures f = WorkOrderFigures.of(
                now, store.open(), o -> o.stage().orElse(null), o -> o.overdue(now), store.escalationCounts(null));
        figures = f;
        metrics.update(f);
        return f;
    }

    /**
     * The figures as they stood at {@code at} (the daily report of a past day): the orders open then,
     * each in the stage the audit trail shows for that instant, overdue against that stage's deadline
     * as stored now (a later re-dispatch or extension moved it; close enough for a bulletin).
     */
    public WorkOrderFigures figuresAt(Instant at) {
        List<WorkOrder> open = store.openAt(at);
        Map<Long, WorkOrderStatus> then =
                store.statusAt(at, open.stream().map(WorkOrder::id).toList());
        Function<WorkOrder, WorkOrder> asThen = o -> {
            WorkOrderStatus s = then.get(o.id());
            return s == null || s == o.status() ? o : withStatus(o, s);
        };
        return WorkOrderFigures.of(
                at,
                open.stream().map(asThen).toList(),
                o -> o.stage().orElse(null),
                o -> o.overdue(at),
                store.escalationCounts(at));
    }

    private static WorkOrder withStatus(WorkOrder o, WorkOrderStatus s) {
        return new WorkOrder(
                o.id(),
                o.kind(),
                o.origin(),
                o.department(),
                o.matter(),
                o.caller(),
                o.callId(),
                o.description(),
                o.cause(),
                o.createdBy(),
                o.createdAt(),
                s,
                o.dispatchBy(),
                o.dispatchedAt(),
                o.signBy(),
                o.signedAt(),
                o.completeBy(),
                o.completedAt(),
                o.feedbackBy(),
                o.fedBackAt(),
                o.evaluatedAt(),
                o.closedAt(),
                o.extensionDays(),
                o.joint(),
                o.participants(),
                o.result(),
                o.feedbackNote(),
                o.evaluation(),
                o.firstEvaluation(),
                o.plan(),
                o.returnedBy(),
                o.handedOverTo(),
                o.escalations());
    }

    // --- after every step ---

    private void after(WorkOrder order, WorkOrderLifecycle.Step step) {
        for (WorkOrderTransition t : step.transitions()) {
            log.info(t.logLine(order.ref()));
            for (WorkOrderCommand c : t.commands()) {
                if (c instanceof WorkOrderCommand.Escalate e) {
                    log.warn(
                            "work order {} escalated to the supervision office {} ({}) (R15)",
                            order.ref(),
                            e.office() == null ? "(none configured)" : e.office(),
                            e.cause().wireName());
                }
            }
        }
        try {
            refreshFigures();
        } catch (RuntimeException e) {
            figures = null; // the next read retries
            log.warn("work-order figures not refreshed: {}", e.getMessage());
        }
        Map<String, Object> view = WorkOrderView.of(
                order,
                clock.instant(),
                rules.now().calendar().zone(),
                rules.now().directory(),
                null,
                null);
        Map<String, Object> data = Map.of(
                "workOrder",
                view,
                "transitions",
                step.transitions().stream().map(WorkOrderView::transition).toList());
        // One event: the dashboard stream gets every event, the agent's session those addressed to it.
        events.publish(
                order.createdBy() == null
                        ? LiveEvents.Event.broadcast("workorder.updated", data)
                        : LiveEvents.Event.toUser("workorder.updated", data, order.createdBy()));
    }

    private void requireDepartment(String code) {
        Directory dir = rules.now().directory();
        if (dir.department(code).isEmpty()) {
            throw new CtiException(ErrorId.UNKNOWN_DEPARTMENT, "no department with code '" + code + "'");
        }
    }

    private static CtiException noSuch(long id) {
        return new CtiException(ErrorId.NO_SUCH_WORK_ORDER, "no work order WO" + id);
    }

    /** Sessions of department users must name their department; say so at login rather than later. */
    public static boolean validSession(Session s) {
        return s.role() != Role.DEPARTMENT || s.department() != null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
