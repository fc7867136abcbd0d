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
            ev.executeBatch();
        }
    }

    private void bind(PreparedStatement ps, CallRecord r) throws SQLException {
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
        setInstant(ps, 18, clock.instant());
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
