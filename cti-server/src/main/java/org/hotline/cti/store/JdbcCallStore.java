package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.integer;
import static org.hotline.cti.store.Jdbc.setInstant;
import static org.hotline.cti.store.Jdbc.setInt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallState;
import org.hotline.cti.domain.call.TimelineEntry;

/** Calls in SQL (H2 or PostgreSQL): update-then-insert keeps it portable and idempotent. */
public final class JdbcCallStore implements CallStore {
    private static final String COLUMNS =
            "caller, dialed, arrived_at, queue_name, queued_at, offered_at, ringing_agent, "
                    + "answered_at, agent, after_hours, missed_reason, ended_at, end_cause, end_cause_text, call_state, outcome, node, updated_at";
    private static final String UPDATE =
            "UPDATE calls SET caller=?, dialed=?, arrived_at=?, queue_name=?, queued_at=?, "
                    + "offered_at=?, ringing_agent=?, answered_at=?, agent=?, after_hours=?, missed_reason=?, ended_at=?, end_cause=?, "
                    + "end_cause_text=?, call_state=?, outcome=?, node=?, updated_at=? WHERE id=?";
    private static final String INSERT =
            "INSERT INTO calls (" + COLUMNS + ", id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private static final String INSERT_EVENT =
            "INSERT INTO call_events (call_id, seq, at, kind, agent, detail) VALUES (?,?,?,?,?,?)";
    private static final String SELECT = "SELECT id, " + COLUMNS + " FROM calls ";

    private final DataSource ds;
    private final Clock clock;

    public JdbcCallStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public void save(CallRecord call, List<TimelineEntry> newEntries) {
        Jdbc.tx(ds, "save call " + call.id(), c -> {
            try (PreparedStatement up = c.prepareStatement(UPDATE)) {
                bind(up, call);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement ins = c.prepareStatement(INSERT)) {
                        bind(ins, call);
                        ins.executeUpdate();
                    }
                }
            }
            insertEvents(c, call.id(), newEntries, call.timeline().size() - newEntries.size());
            return null;
        });
    }

    /**
     * Every write in one transaction, with JDBC batches: one UPDATE batch for all the calls, one
     * INSERT batch for those the UPDATE did not find, the replaced calls' steps deleted, one INSERT
     * batch for every new step. Update-then-insert, as {@link #save}, keeps it portable (H2 and
     * PostgreSQL) without MERGE or ON CONFLICT; the call writer is the only one writing calls, so
     * no other transaction inserts the same call in between.
     */
    @Override
    public void saveAll(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Jdbc.tx(ds, "save " + writes.size() + " call(s)", c -> {
            Instant now = clock.instant();
            int[] updated;
            try (PreparedStatement up = c.prepareStatement(UPDATE)) {
                for (Write w : writes) {
                    bind(up, w.call(), now);
                    up.addBatch();
                }
                updated = up.executeBatch();
            }
            List<Write> missing = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                // SUCCESS_NO_INFO (-2) would mean a row may have changed: no driver used here answers it for
                // an UPDATE batch, but an unknown count must not insert a second row.
                if (updated[i] == 0) {
                    missing.add(writes.get(i));
                }
            }
            if (!missing.isEmpty()) {
                try (PreparedStatement ins = c.prepareStatement(INSERT)) {
                    for (Write w : missing) {
                        bind(ins, w.call(), now);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
            }
            List<Write> replaced = writes.stream().filter(Write::replace).toList();
            if (!replaced.isEmpty()) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM call_events WHERE call_id = ?")) {
                    for (Write w : replaced) {
                        del.setString(1, w.call().id());
                        del.addBatch();
                    }
                    del.executeBatch();
                }
            }
            try (PreparedStatement ev = c.prepareStatement(INSERT_EVENT)) {
                int n = 0;
                for (Write w : writes) {
                    List<TimelineEntry> steps = w.replace() ? w.call().timeline() : w.newEntries();
                    int firstSeq = w.call().timeline().size() - steps.size();
                    n += addEvents(ev, w.call().id(), steps, firstSeq);
                }
                if (n > 0) {
                    ev.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public void replace(CallRecord call) {
        Jdbc.tx(ds, "correct call " + call.id(), c -> {
            try (PreparedStatement up = c.prepareStatement(UPDATE)) {
                bind(up, call);
                if (up.executeUpdate() == 0) {
                    throw new SQLException("no call " + call.id() + " to replace");
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM call_events WHERE call_id = ?")) {
                del.setString(1, call.id());
                del.executeUpdate();
            }
            insertEvents(c, call.id(), call.timeline(), 0);
            return null;
        });
    }

    private static void insertEvents(Connection c, String callId, List<TimelineEntry> entries, int firstSeq)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ev = c.prepareStatement(INSERT_EVENT)) {
            addEvents(ev, callId, entries, firstSeq);
            ev.executeBatch();
        }
    }

    private static int addEvents(PreparedStatement ev, String callId, List<TimelineEntry> entries, int firstSeq)
            throws SQLException {
        for (int i = 0; i < entries.size(); i++) {
            TimelineEntry t = entries.get(i);
            ev.setString(1, callId);
            ev.setInt(2, firstSeq + i);
            setInstant(ev, 3, t.at());
            ev.setString(4, t.kind());
            ev.setString(5, t.agent());
            ev.setString(6, t.detail());
            ev.addBatch();
        }
        return entries.size();
    }

    private void bind(PreparedStatement ps, CallRecord r) throws SQLException {
        bind(ps, r, clock.instant());
    }

    private static void bind(PreparedStatement ps, CallRecord r, Instant updatedAt) throws SQLException {
        ps.setString(1, r.caller());
        ps.setString(2, r.dialed());
        setInstant(ps, 3, r.arrivedAt());
        ps.setString(4, r.queue());
        setInstant(ps, 5, r.queuedAt());
        setInstant(ps, 6, r.offeredAt());
        ps.setString(7, r.ringingAgent());
        setInstant(ps, 8, r.answeredAt());
        ps.setString(9, r.agent());
        ps.setBoolean(10, r.afterHours());
        ps.setString(11, r.missedReason());
        setInstant(ps, 12, r.endedAt());
        setInt(ps, 13, r.endCause());
        ps.setString(14, r.endCauseText());
        ps.setString(15, r.state().name());
        ps.setString(16, r.outcome() == null ? null : r.outcome().wireName());
        ps.setString(17, r.node());
        setInstant(ps, 18, updatedAt);
        ps.setString(19, r.id());
    }

    @Override
    public List<CallRecord> arrivedBetween(Instant from, Instant to) {
        return query(SELECT + "WHERE arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at, id", from, to);
    }

    @Override
    public List<CallRecord> recentFrom(String caller, int limit) {
        return query(SELECT + "WHERE caller = ? ORDER BY arrived_at DESC, id DESC LIMIT ?", caller, limit);
    }

    @Override
    public long countArrivedBetween(Instant from, Instant to) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT COUNT(*) FROM calls WHERE arrived_at >= ? AND arrived_at < ?")) {
            Jdbc.bindAll(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot count calls: " + e.getMessage(), e);
        }
    }

    /**
     * The range's count minus those of {@code except} stored in it, in ONE statement (one snapshot:
     * a call stored meanwhile is not counted twice nor missed). Both halves use an index (the
     * arrival range, then primary-key look-ups), where {@code NOT IN} would read every row of the
     * day (a long list of ids falls back to reading the range's ids).
     */
    @Override
    public long countArrivedBetween(Instant from, Instant to, java.util.Set<String> except) {
        if (except.isEmpty()) {
            return countArrivedBetween(from, to);
        }
        boolean inSql = except.size() <= MAX_IN_LIST;
        String sql = inSql
                ? "SELECT (SELECT COUNT(*) FROM calls WHERE arrived_at >= ? AND arrived_at < ?) - "
                        + "(SELECT COUNT(*) FROM calls WHERE arrived_at >= ? AND arrived_at < ? AND id IN ("
                        + String.join(",", java.util.Collections.nCopies(except.size(), "?")) + "))"
                : "SELECT id FROM calls WHERE arrived_at >= ? AND arrived_at < ?";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (inSql) {
                Jdbc.bindAll(ps, from, to, from, to);
                int i = 5;
                for (String id : except) {
                    ps.setString(i++, id);
                }
            } else {
                Jdbc.bindAll(ps, from, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (inSql) {
                    rs.next();
                    return rs.getLong(1);
                }
                long n = 0;
                while (rs.next()) {
                    if (!except.contains(rs.getString(1))) {
                        n++;
                    }
                }
                return n;
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot count calls: " + e.getMessage(), e);
        }
    }

    private static final int MAX_IN_LIST = 500;

    @Override
    public List<CallRecord> open() {
        return query(SELECT + "WHERE ended_at IS NULL ORDER BY arrived_at, id");
    }

    @Override
    public Optional<CallRecord> find(String id) {
        return query(SELECT + "WHERE id = ?", id).stream().findFirst();
    }

    private List<CallRecord> query(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bindAll(ps, args);
            Map<String, Row> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString("id"), readRow(rs));
                }
            }
            Map<String, List<TimelineEntry>> timelines = timelines(c, rows.keySet());
            List<CallRecord> out = new ArrayList<>(rows.size());
            for (Row r : rows.values()) {
                out.add(r.toRecord(timelines.getOrDefault(r.id(), List.of())));
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read calls: " + e.getMessage(), e);
        }
    }

    private Map<String, List<TimelineEntry>> timelines(Connection c, Iterable<String> ids) throws SQLException {
        Map<String, List<TimelineEntry>> out = new LinkedHashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT at, kind, agent, detail FROM call_events WHERE call_id = ? ORDER BY seq")) {
            for (String id : ids) {
                ps.setString(1, id);
                List<TimelineEntry> list = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new TimelineEntry(
                                instant(rs, "at"),
                                rs.getString("kind"),
                                rs.getString("agent"),
                                rs.getString("detail")));
                    }
                }
                out.put(id, list);
            }
        }
        return out;
    }

    private static Row readRow(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return new Row(
                rs.getString("id"),
                rs.getString("caller"),
                rs.getString("dialed"),
                instant(rs, "arrived_at"),
                rs.getString("queue_name"),
                instant(rs, "queued_at"),
                instant(rs, "offered_at"),
                rs.getString("ringing_agent"),
                instant(rs, "answered_at"),
                rs.getString("agent"),
                rs.getBoolean("after_hours"),
                rs.getString("missed_reason"),
                instant(rs, "ended_at"),
                integer(rs, "end_cause"),
                rs.getString("end_cause_text"),
                CallState.valueOf(rs.getString("call_state").toUpperCase(Locale.ROOT)),
                outcome == null ? null : CallOutcome.fromWire(outcome),
                rs.getString("node"));
    }

    private record Row(
            String id,
            String caller,
            String dialed,
            Instant arrivedAt,
            String queue,
            Instant queuedAt,
            Instant offeredAt,
            String ringingAgent,
            Instant answeredAt,
            String agent,
            boolean afterHours,
            String missedReason,
            Instant endedAt,
            Integer endCause,
            String endCauseText,
            CallState state,
            CallOutcome outcome,
            String node) {
        CallRecord toRecord(List<TimelineEntry> timeline) {
            return new CallRecord(
                    id,
                    caller,
                    dialed,
                    arrivedAt,
                    queue,
                    queuedAt,
                    offeredAt,
                    ringingAgent,
                    answeredAt,
                    agent,
                    afterHours,
                    missedReason,
                    endedAt,
                    endCause,
                    endCauseText,
                    state,
                    outcome,
                    timeline,
                    node,
                    false);
        }
    }
}
