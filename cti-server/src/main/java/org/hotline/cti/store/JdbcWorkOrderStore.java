package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.workorder.EscalationCause;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.Plan;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderLifecycle;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.hotline.cti.domain.workorder.WorkOrderTransition;
import org.hotline.cti.domain.workorder.WorkOrderTrigger;

/**
 * Work orders in SQL (H2 or PostgreSQL): one row per order, its escalations (one row per cause, the
 * primary key keeps R15's "exactly once") and its audit trail. A change locks the row
 * ({@code SELECT ... FOR UPDATE}) so two users acting at once cannot both move the same order.
 */
public final class JdbcWorkOrderStore implements WorkOrderStore {
    private static final String FIELDS =
            "kind, origin, department, matter, caller, call_id, description, cause, created_by, "
                    + "created_at, status, dispatch_by, dispatched_at, sign_by, signed_at, complete_by, completed_at, feedback_by, "
                    + "fed_back_at, evaluated_at, closed_at, extension_days, joint, participants, result, feedback_note, evaluation, "
                    + "first_evaluation, plan_steps, plan_deadline, plan_owner, plan_contact, returned_by, handed_over_to";
    private static final int FIELD_COUNT = FIELDS.split(",").length;
    private static final String INSERT = "INSERT INTO work_orders (" + FIELDS + ") VALUES ("
            + String.join(",", java.util.Collections.nCopies(FIELD_COUNT, "?")) + ")";
    private static final String UPDATE = "UPDATE work_orders SET " + FIELDS.replace(",", "=?,") + "=? WHERE id=?";
    private static final String SELECT = "SELECT id, " + FIELDS + " FROM work_orders ";

    private final DataSource ds;

    public JdbcWorkOrderStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public WorkOrder create(WorkOrder o, List<WorkOrderTransition> trail) {
        return Jdbc.tx(ds, "store work order", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, o);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            WorkOrder stored = o.withId(id);
            insertEscalations(c, id, Map.of(), stored.escalations());
            insertTrail(c, id, trail);
            return stored;
        });
    }

    @Override
    public Optional<WorkOrder> find(long id) {
        return Jdbc.tx(ds, "read work order", c -> one(c, id, false));
    }

    @Override
    public Optional<WorkOrderLifecycle.Step> change(
            long id, Function<WorkOrder, Optional<WorkOrderLifecycle.Step>> change) {
        return Jdbc.tx(ds, "change work order WO" + id, c -> {
            Optional<WorkOrder> before = one(c, id, true);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            Optional<WorkOrderLifecycle.Step> step = change.apply(before.get());
            if (step.isEmpty()) {
                return Optional.empty();
            }
            WorkOrder after = step.get().order();
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                bind(ps, after);
                ps.setLong(FIELD_COUNT + 1, id);
                ps.executeUpdate();
            }
            insertEscalations(c, id, before.get().escalations(), after.escalations());
            insertTrail(c, id, step.get().transitions());
            return step;
        });
    }

    private static WorkOrderTrigger trigger(String stored) {
        return WorkOrderTrigger.fromWire(stored)
                .orElseThrow(() -> new IllegalStateException("unknown work-order trail trigger '" + stored + "'"));
    }

    @Override
    public List<WorkOrderTransition> trail(long id) {
        return Jdbc.tx(ds, "read the audit trail of WO" + id, c -> {
            List<WorkOrderTransition> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, by_user, from_state, event, to_state, note "
                    + "FROM work_order_audit WHERE order_id = ? ORDER BY id")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WorkOrderTransition(
                                rs.getString("by_user"),
                                instant(rs, "at"),
                                WorkOrderTransition.parse(rs.getString("from_state")),
                                trigger(rs.getString("event")),
                                WorkOrderTransition.parse(rs.getString("to_state")),
                                rs.getString("note"),
                                List.of()));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<WorkOrder> open() {
        return query("WHERE status <> ? ORDER BY id", WorkOrderStatus.CLOSED.wireName());
    }

    @Override
    public List<WorkOrder> find(Set<WorkOrderStatus> statuses, Instant from, Instant to, int limit) {
        String in = statuses.isEmpty()
                ? ""
                : " AND status IN ("
                        + statuses.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(",")) + ")";
        return query(
                "WHERE created_at >= ? AND created_at < ?" + in + " ORDER BY id DESC FETCH FIRST " + limit
                        + " ROWS ONLY",
                from,
                to);
    }

    @Override
    public List<WorkOrder> openAt(Instant at) {
        return query("WHERE created_at <= ? AND (closed_at IS NULL OR closed_at > ?) ORDER BY id", at, at);
    }

    @Override
    public Map<EscalationCause, Long> escalationCounts(Instant at) {
        return Jdbc.tx(ds, "count escalations", c -> {
            Map<EscalationCause, Long> out = new EnumMap<>(EscalationCause.class);
            for (EscalationCause cause : EscalationCause.values()) {
                out.put(cause, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT cause, COUNT(*) AS n FROM work_order_escalations"
                    + (at == null ? "" : " WHERE at <= ?") + " GROUP BY cause")) {
                if (at != null) {
                    setInstant(ps, 1, at);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong("n");
                        EscalationCause.fromWire(rs.getString("cause")).ifPresent(k -> out.put(k, n));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<Long, WorkOrderStatus> statusAt(Instant at, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Jdbc.tx(ds, "read work-order history", c -> {
            Map<Long, WorkOrderStatus> out = new HashMap<>();
            String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
            // The last transition at or before the instant says where each order stood.
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT order_id, to_state FROM work_order_audit WHERE at <= ? "
                            + "AND order_id IN (" + list + ") ORDER BY order_id, id")) {
                setInstant(ps, 1, at);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("order_id");
                        Optional<WorkOrderStatus> s = WorkOrderStatus.fromWire(rs.getString("to_state"));
                        if (s.isPresent()) {
                            out.put(id, s.get());
                        }
                    }
                }
            }
            return out;
        });
    }

    private List<WorkOrder> query(String where, Object... args) {
        return Jdbc.tx(ds, "read work orders", c -> {
            List<WorkOrder> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + where)) {
                Jdbc.bindAll(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(read(rs, Map.of()));
                    }
                }
            }
            return withEscalations(c, rows);
        });
    }

    private Optional<WorkOrder> one(Connection c, long id, boolean lock) throws SQLException {
        List<WorkOrder> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, Map.of()));
                }
            }
        }
        return withEscalations(c, rows).stream().findFirst();
    }

    private List<WorkOrder> withEscalations(Connection c, List<WorkOrder> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Map<EscalationCause, Instant>> byOrder = new HashMap<>();
        String sql = "SELECT order_id, cause, at FROM work_order_escalations"
                + (rows.size() <= 500
                        ? " WHERE order_id IN ("
                                + rows.stream().map(o -> String.valueOf(o.id())).collect(Collectors.joining(",")) + ")"
                        : "");
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong("order_id");
                Optional<EscalationCause> cause = EscalationCause.fromWire(rs.getString("cause"));
                if (cause.isPresent()) {
                    byOrder.computeIfAbsent(id, k -> new EnumMap<>(EscalationCause.class))
                            .put(cause.get(), instant(rs, "at"));
                }
            }
        }
        List<WorkOrder> out = new ArrayList<>(rows.size());
        for (WorkOrder o : rows) {
            Map<EscalationCause, Instant> e = byOrder.get(o.id());
            out.add(e == null ? o : withEscalations(o, e));
        }
        return out;
    }

    private static WorkOrder withEscalations(WorkOrder o, Map<EscalationCause, Instant> e) {
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
                o.status(),
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
                e);
    }

    private static void insertEscalations(
            Connection c, long id, Map<EscalationCause, Instant> before, Map<EscalationCause, Instant> after)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO work_order_escalations (order_id, cause, at) VALUES (?,?,?)")) {
            for (Map.Entry<EscalationCause, Instant> e : after.entrySet()) {
                if (!before.containsKey(e.getKey())) {
                    ps.setLong(1, id);
                    ps.setString(2, e.getKey().wireName());
                    setInstant(ps, 3, e.getValue());
                    ps.executeUpdate();
                }
            }
        }
    }

    private static void insertTrail(Connection c, long id, List<WorkOrderTransition> trail) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO work_order_audit (order_id, at, by_user, from_state, event, "
                        + "to_state, note) VALUES (?,?,?,?,?,?,?)")) {
            for (WorkOrderTransition t : trail) {
                ps.setLong(1, id);
                setInstant(ps, 2, t.at());
                ps.setString(3, t.by());
                ps.setString(4, WorkOrderTransition.name(t.from()));
                ps.setString(5, t.trigger().wireName());
                ps.setString(6, WorkOrderTransition.name(t.to()));
                ps.setString(7, clip(t.note(), 2000));
                ps.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement ps, WorkOrder o) throws SQLException {
        int i = 0;
        ps.setString(++i, o.kind().wireName());
        ps.setString(++i, o.origin().wireName());
        ps.setString(++i, o.department());
        ps.setString(++i, o.matter());
        ps.setString(++i, o.caller());
        ps.setString(++i, o.callId());
        ps.setString(++i, clip(o.description(), 2000));
        ps.setString(++i, o.cause() == null ? null : o.cause().id());
        ps.setString(++i, o.createdBy());
        setInstant(ps, ++i, o.createdAt());
        ps.setString(++i, o.status().wireName());
        setInstant(ps, ++i, o.dispatchBy());
        setInstant(ps, ++i, o.dispatchedAt());
        setInstant(ps, ++i, o.signBy());
        setInstant(ps, ++i, o.signedAt());
        setInstant(ps, ++i, o.completeBy());
        setInstant(ps, ++i, o.completedAt());
        setInstant(ps, ++i, o.feedbackBy());
        setInstant(ps, ++i, o.fedBackAt());
        setInstant(ps, ++i, o.evaluatedAt());
        setInstant(ps, ++i, o.closedAt());
        ps.setInt(++i, o.extensionDays());
        ps.setBoolean(++i, o.joint());
        ps.setString(++i, o.participants().isEmpty() ? null : String.join(",", o.participants()));
        ps.setString(++i, clip(o.result(), 2000));
        ps.setString(++i, clip(o.feedbackNote(), 2000));
        ps.setString(++i, o.evaluation() == null ? null : o.evaluation().wireName());
        ps.setString(
                ++i, o.firstEvaluation() == null ? null : o.firstEvaluation().wireName());
        Plan p = o.plan();
        ps.setString(++i, p == null ? null : clip(String.join("\n", p.steps()), 4000));
        if (p == null || p.deadline() == null) {
            ps.setNull(++i, Types.DATE);
        } else {
            ps.setDate(++i, Date.valueOf(p.deadline()));
        }
        ps.setString(++i, p == null ? null : p.owner());
        ps.setString(++i, p == null ? null : p.contact());
        ps.setString(++i, o.returnedBy());
        ps.setString(++i, o.handedOverTo());
    }

    private static WorkOrder read(ResultSet rs, Map<EscalationCause, Instant> escalations) throws SQLException {
        String steps = rs.getString("plan_steps");
        Date deadline = rs.getDate("plan_deadline");
        Plan plan = steps == null
                ? null
                : new Plan(
                        Arrays.asList(steps.split("\n")),
                        deadline == null ? null : deadline.toLocalDate(),
                        rs.getString("plan_owner"),
                        rs.getString("plan_contact"));
        String participants = rs.getString("participants");
        return new WorkOrder(
                rs.getLong("id"),
                WorkOrderKind.fromWire(rs.getString("kind")).orElse(WorkOrderKind.HELP),
                WorkOrderOrigin.fromWire(rs.getString("origin")).orElse(WorkOrderOrigin.MANUAL),
                rs.getString("department"),
                rs.getString("matter"),
                rs.getString("caller"),
                rs.getString("call_id"),
                rs.getString("description"),
                rs.getString("cause") == null ? null : FailureCause.fromId(rs.getString("cause")),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                WorkOrderStatus.fromWire(rs.getString("status"))
                        .orElseThrow(() -> new IllegalStateException("unknown status")),
                instant(rs, "dispatch_by"),
                instant(rs, "dispatched_at"),
                instant(rs, "sign_by"),
                instant(rs, "signed_at"),
                instant(rs, "complete_by"),
                instant(rs, "completed_at"),
                instant(rs, "feedback_by"),
                instant(rs, "fed_back_at"),
                instant(rs, "evaluated_at"),
                instant(rs, "closed_at"),
                rs.getInt("extension_days"),
                rs.getBoolean("joint"),
                participants == null || participants.isBlank() ? List.of() : List.of(participants.split(",")),
                rs.getString("result"),
                rs.getString("feedback_note"),
                evaluation(rs.getString("evaluation")),
                evaluation(rs.getString("first_evaluation")),
                plan,
                rs.getString("returned_by"),
                rs.getString("handed_over_to"),
                escalations);
    }

    private static Evaluation evaluation(String s) {
        return s == null ? null : Evaluation.fromWire(s).orElse(null);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
