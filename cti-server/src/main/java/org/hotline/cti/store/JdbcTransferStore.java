package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.RecordedEnterprise;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferAttempt;

/** Transfer attempts and wrap-ups in SQL. Matter and department names are not stored: they come from the directory. */
public final class JdbcTransferStore implements TransferStore {
    private static final String COLS =
            "call_id, caller, matter, department, room, requested_by, requested_at, state, outcome, "
                    + "cause, target, connected_at, ended_at, override_by, override_reason, work_order_id";

    private final DataSource ds;
    private final NameLookup names;

    /** Chinese names of matters and departments, from the directory in force. */
    public interface NameLookup {
        String matterName(String code);

        String departmentName(String code);
    }

    public JdbcTransferStore(DataSource ds, NameLookup names) {
        this.ds = ds;
        this.names = names;
    }

    @Override
    public long create(TransferRecord a) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO transfer_attempts (" + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, a);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot store transfer attempt: " + e.getMessage(), e);
        }
    }

    @Override
    public TransferRecord createNumbered(TransferRecord draft, java.util.function.LongFunction<String> room) {
        return Jdbc.tx(ds, "store transfer attempt", c -> {
            long id;
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO transfer_attempts (" + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                bind(ins, draft);
                ins.executeUpdate();
                try (ResultSet keys = ins.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            String r = room.apply(id);
            // Same transaction, so one commit: the room is known only once the identity has given the id.
            try (PreparedStatement up = c.prepareStatement("UPDATE transfer_attempts SET room = ? WHERE id = ?")) {
                up.setString(1, r);
                up.setLong(2, id);
                up.executeUpdate();
            }
            return draft.numbered(id, r);
        });
    }

    @Override
    public long countThreeWayBetween(Instant from, Instant to) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM transfer_attempts "
                                + "WHERE requested_at >= ? AND requested_at < ? AND (outcome IS NULL OR outcome <> 'failed')")) {
            setInstant(ps, 1, from);
            setInstant(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot count transfers: " + e.getMessage(), e);
        }
    }

    @Override
    public void update(TransferRecord a) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE transfer_attempts SET call_id=?, caller=?, matter=?, department=?, room=?, "
                                + "requested_by=?, requested_at=?, state=?, outcome=?, cause=?, target=?, connected_at=?, ended_at=?, override_by=?, "
                                + "override_reason=?, work_order_id=? WHERE id=?")) {
            bind(ps, a);
            ps.setLong(17, a.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED, "cannot update transfer " + a.ref() + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, TransferRecord a) throws SQLException {
        ps.setString(1, a.callId());
        ps.setString(2, a.caller());
        ps.setString(3, a.matter());
        ps.setString(4, a.department());
        ps.setString(5, a.room());
        ps.setString(6, a.requestedBy());
        setInstant(ps, 7, a.requestedAt());
        // The columns keep their text (state, outcome, cause by their wire names): reports and old rows read the same.
        ps.setString(8, a.state().wireName());
        ps.setString(9, a.outcome() == null ? null : a.outcome().wireName());
        ps.setString(10, a.cause() == null ? null : a.cause().id());
        ps.setString(11, a.target());
        setInstant(ps, 12, a.connectedAt());
        setInstant(ps, 13, a.endedAt());
        ps.setString(14, a.overrideBy());
        ps.setString(15, a.overrideReason());
        if (a.workOrderId() == null) {
            ps.setNull(16, java.sql.Types.BIGINT);
        } else {
            ps.setLong(16, a.workOrderId());
        }
    }

    @Override
    public Optional<TransferRecord> find(long id) {
        return query("WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<TransferRecord> requestedBetween(Instant from, Instant to) {
        return query("WHERE requested_at >= ? AND requested_at < ? ORDER BY id", from, to);
    }

    @Override
    public List<TransferRecord> unfinished() {
        return query("WHERE outcome IS NULL ORDER BY id");
    }

    private List<TransferRecord> query(String where, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, " + COLS + " FROM transfer_attempts " + where)) {
            Jdbc.bindAll(ps, args);
            List<TransferRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long wo = rs.getLong("work_order_id");
                    Long workOrder = rs.wasNull() ? null : wo;
                    // The outcome column is written from the state (and queried for unfinished attempts); read back,
                    // the state says it.
                    String cause = rs.getString("cause");
                    out.add(new TransferRecord(
                            rs.getLong("id"),
                            rs.getString("call_id"),
                            rs.getString("caller"),
                            rs.getString("matter"),
                            names.matterName(rs.getString("matter")),
                            rs.getString("department"),
                            names.departmentName(rs.getString("department")),
                            rs.getString("room"),
                            rs.getString("requested_by"),
                            instant(rs, "requested_at"),
                            TransferAttempt.State.fromWire(rs.getString("state")),
                            cause == null ? null : FailureCause.fromId(cause),
                            rs.getString("target"),
                            instant(rs, "connected_at"),
                            instant(rs, "ended_at"),
                            rs.getString("override_by"),
                            rs.getString("override_reason"),
                            workOrder));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read transfers: " + e.getMessage(), e);
        }
    }

    @Override
    public void saveWrapup(Wrapup w) {
        Jdbc.tx(ds, "store wrap-up", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM wrapups WHERE call_id = ? AND agent = ?");
                    PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO wrapups (call_id, agent, matter, resolution, note, enterprise, at) VALUES (?,?,?,?,?,?,?)")) {
                del.setString(1, w.callId());
                del.setString(2, w.agent());
                del.executeUpdate();
                ins.setString(1, w.callId());
                ins.setString(2, w.agent());
                ins.setString(3, w.matter());
                ins.setString(4, w.resolution());
                ins.setString(5, w.note());
                ins.setString(6, w.enterprise());
                setInstant(ins, 7, w.at());
                ins.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Wrapup> wrapupsBetween(Instant from, Instant to) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT call_id, agent, matter, resolution, note, enterprise, at FROM wrapups WHERE at >= ? AND at < ? ORDER BY at")) {
            setInstant(ps, 1, from);
            setInstant(ps, 2, to);
            List<Wrapup> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Wrapup(
                            rs.getString("call_id"),
                            rs.getString("agent"),
                            rs.getString("matter"),
                            rs.getString("resolution"),
                            rs.getString("note"),
                            rs.getString("enterprise"),
                            instant(rs, "at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read wrap-ups: " + e.getMessage(), e);
        }
    }

    /** A wrap-up's enterprise with the caller of its call; the newest first per caller. */
    private static final String RECORDED_ENTERPRISES = "SELECT k.caller, w.enterprise, w.call_id, w.agent, w.at, "
            + "ROW_NUMBER() OVER (PARTITION BY k.caller ORDER BY w.at DESC) AS newest "
            + "FROM wrapups w JOIN calls k ON k.id = w.call_id WHERE w.enterprise IS NOT NULL AND k.caller IS NOT NULL";

    @Override
    public Optional<RecordedEnterprise> lastEnterprise(String caller) {
        List<RecordedEnterprise> found = recordedEnterprises(
                "SELECT * FROM (" + RECORDED_ENTERPRISES + " AND k.caller = ?) t WHERE newest = 1", caller);
        return found.stream().findFirst();
    }

    @Override
    public List<RecordedEnterprise> lastEnterprises() {
        return recordedEnterprises("SELECT * FROM (" + RECORDED_ENTERPRISES + ") t WHERE newest = 1", null);
    }

    private List<RecordedEnterprise> recordedEnterprises(String sql, String caller) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (caller != null) {
                ps.setString(1, caller);
            }
            List<RecordedEnterprise> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordedEnterprise(
                            rs.getString("caller"),
                            rs.getString("enterprise"),
                            rs.getString("call_id"),
                            rs.getString("agent"),
                            instant(rs, "at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED,
                    "cannot read the enterprises recorded" + (caller == null ? "" : " for " + caller) + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
