package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.domain.callback.OverdueCallback;

/** Callbacks and their misses in SQL (H2 or PostgreSQL); each change is one transaction. */
public final class JdbcCallbackStore implements CallbackStore {
    private static final String FIELDS =
            "number, status, supervisor, supervisor_extension, first_miss_at, last_miss_at, "
                    + "miss_count, due_at, attempts, last_attempt_at, result, note, result_by, answered_again_at, "
                    + "answered_again_call_id, closed_at, dial_leg, dial_extension, last_dial";
    private static final String INSERT =
            "INSERT INTO callbacks (" + FIELDS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private static final String UPDATE = "UPDATE callbacks SET " + FIELDS.replace(",", "=?,") + "=? WHERE id=?";
    private static final String SELECT = "SELECT id, " + FIELDS + " FROM callbacks ";

    private final DataSource ds;

    public JdbcCallbackStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Callback insert(Callback cb) {
        return tx("store callback for " + cb.number(), c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, cb);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Callback stored = cb.withId(id);
            insertMisses(c, stored);
            return stored;
        });
    }

    @Override
    public void update(Callback cb) {
        tx("update callback " + cb.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                bind(ps, cb);
                ps.setLong(20, cb.id());
                if (ps.executeUpdate() == 0) {
                    throw new CtiException(ErrorId.NO_SUCH_CALLBACK, "no callback " + cb.id());
                }
            }
            insertMisses(c, cb);
            return null;
        });
    }

    /**
     * Stores the misses this callback has: new ones are added, a stored one whose reason changed
     * (corrected from the PBX's records) is updated. Misses are never removed.
     */
    private static void insertMisses(Connection c, Callback cb) throws SQLException {
        Map<String, String> known = new java.util.HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT call_id, reason FROM callback_misses WHERE callback_id = ?")) {
            ps.setLong(1, cb.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO callback_misses (call_id, callback_id, at, reason) VALUES (?,?,?,?)");
                PreparedStatement upd = c.prepareStatement("UPDATE callback_misses SET reason = ? WHERE call_id = ?")) {
            for (Miss m : cb.misses()) {
                String stored = known.putIfAbsent(m.callId(), m.reason());
                if (stored == null) {
                    ins.setString(1, m.callId());
                    ins.setLong(2, cb.id());
                    setInstant(ins, 3, m.at());
                    ins.setString(4, m.reason());
                    ins.addBatch();
                } else if (!stored.equals(m.reason())) {
                    upd.setString(1, m.reason());
                    upd.setString(2, m.callId());
                    upd.addBatch();
                }
            }
            ins.executeBatch();
            upd.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, Callback cb) throws SQLException {
        ps.setString(1, cb.number());
        ps.setString(2, cb.status().wireName());
        ps.setString(3, cb.supervisor());
        ps.setString(4, cb.supervisorExtension());
        setInstant(ps, 5, cb.firstMissAt());
        setInstant(ps, 6, cb.lastMissAt());
        ps.setInt(7, cb.missCount());
        setInstant(ps, 8, cb.dueAt());
        ps.setInt(9, cb.attempts());
        setInstant(ps, 10, cb.lastAttemptAt());
        ps.setString(11, cb.result() == null ? null : cb.result().wireName());
        ps.setString(12, cb.note());
        ps.setString(13, cb.resultBy());
        setInstant(ps, 14, cb.answeredAgainAt());
        ps.setString(15, cb.answeredAgainCallId());
        setInstant(ps, 16, cb.closedAt());
        ps.setString(17, cb.dialLeg());
        ps.setString(18, cb.dialExtension());
        ps.setString(19, cb.lastDial());
    }

    @Override
    public Optional<Callback> find(long id) {
        return query(SELECT + "WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Optional<Callback> openFor(String number) {
        return query(SELECT + "WHERE number = ? AND status IN ('pending','dialling') ORDER BY id", number).stream()
                .findFirst();
    }

    @Override
    public boolean hasMiss(String callId) {
        return tx("look up miss " + callId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM callback_misses WHERE call_id = ?")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Optional<Callback> withMiss(String callId) {
        return query(SELECT + "WHERE id IN (SELECT callback_id FROM callback_misses WHERE call_id = ?)", callId)
                .stream()
                .findFirst();
    }

    @Override
    public List<Callback> list(Set<CallbackStatus> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(","));
        return query(SELECT + "WHERE status IN (" + in + ") ORDER BY first_miss_at, id");
    }

    @Override
    public CallbackStats stats(Instant now) {
        return tx("count callbacks", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END), 0) "
                            + "FROM callbacks WHERE status IN ('pending','dialling')")) {
                setInstant(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new CallbackStats(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    @Override
    public List<OverdueCallback> overdue(Instant since, Instant asOf) {
        List<Callback> rows = query(
                SELECT + "WHERE due_at < ? AND (closed_at IS NULL OR closed_at > ? "
                        + "OR (closed_at > due_at AND closed_at >= ?)) ORDER BY due_at, id",
                asOf,
                asOf,
                since);
        List<OverdueCallback> out = new ArrayList<>();
        for (Callback cb : rows) {
            Instant until = cb.closedAt() != null && cb.closedAt().isBefore(asOf) ? cb.closedAt() : asOf;
            CallbackStatus shown =
                    cb.closedAt() != null && cb.closedAt().isAfter(asOf) ? CallbackStatus.PENDING : cb.status();
            out.add(new OverdueCallback(
                    cb.id(),
                    cb.number(),
                    cb.supervisor(),
                    cb.supervisorExtension(),
                    cb.firstMissAt(),
                    cb.dueAt(),
                    cb.missCount(),
                    cb.attempts(),
                    shown,
                    shown.open() ? null : cb.closedAt(),
                    Duration.between(cb.dueAt(), until)));
        }
        return out;
    }

    private List<Callback> query(String sql, Object... args) {
        return tx("read callbacks", c -> {
            Map<Long, Callback> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof Instant t) {
                        setInstant(ps, i + 1, t);
                    } else {
                        ps.setObject(i + 1, args[i]);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getLong("id"), read(rs, misses(c, rs.getLong("id"))));
                    }
                }
            }
            return new ArrayList<>(rows.values());
        });
    }

    private static List<Miss> misses(Connection c, long id) throws SQLException {
        List<Miss> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT call_id, at, reason FROM callback_misses WHERE callback_id = ? ORDER BY at, call_id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Miss(rs.getString("call_id"), instant(rs, "at"), rs.getString("reason")));
                }
            }
        }
        return out;
    }

    private static Callback read(ResultSet rs, List<Miss> misses) throws SQLException {
        String result = rs.getString("result");
        return new Callback(
                rs.getLong("id"),
                rs.getString("number"),
                CallbackStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("supervisor"),
                rs.getString("supervisor_extension"),
                misses,
                instant(rs, "due_at"),
                rs.getInt("attempts"),
                instant(rs, "last_attempt_at"),
                result == null ? null : CallbackResult.fromWire(result),
                rs.getString("note"),
                rs.getString("result_by"),
                instant(rs, "answered_again_at"),
                rs.getString("answered_again_call_id"),
                instant(rs, "closed_at"),
                rs.getString("dial_leg"),
                rs.getString("dial_extension"),
                rs.getString("last_dial"));
    }

    private <T> T tx(String what, Jdbc.Work<T> work) {
        return Jdbc.tx(ds, what, work);
    }
}
