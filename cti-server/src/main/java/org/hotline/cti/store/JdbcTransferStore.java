package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        return createNumbered(a, id -> a.room()).id();
    }

    /**
     * One transaction, one statement: the next number read on the primary key ({@code MAX(id) + 1})
     * and the attempt inserted with it and its room. Issue 14 item 4: this commit is on every
     * transfer's setup path (issue 11: stored before the Redirect). Numbered from the table's own
     * identity with V20's {@code CACHE 1}, H2 stored the identity's new value in a separate commit
     * of its system session before the insert (two chunk writes per transfer instead of one), and
     * the room took an UPDATE; read in the transaction, the number stays gap-free (a rolled-back
     * insert takes none, a crash loses none) and costs an index lookup. Writers that collide on a
     * number (the transfer service numbers under its lock; only the active server writes) get the
     * primary key's violation and take the next one.
     */
    @Override
    public TransferRecord createNumbered(TransferRecord draft, java.util.function.LongFunction<String> room) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Jdbc.txOrThrow(ds, c -> {
                    long id;
                    try (PreparedStatement next = c.prepareStatement(NEXT_ID);
                            ResultSet rs = next.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    TransferRecord numbered = draft.numbered(id, room.apply(id));
                    try (PreparedStatement ins = c.prepareStatement(INSERT_NUMBERED)) {
                        ins.setLong(1, id);
                        bind(ins, 1, numbered);
                        ins.executeUpdate();
                    }
                    return numbered;
                });
            } catch (SQLException e) {
                if (!DUPLICATE_KEY.equals(e.getSQLState()) || attempt >= MAX_NUMBERING_TRIES) {
                    throw new CtiException(ErrorId.STORE_FAILED, "cannot store transfer attempt: " + e.getMessage(), e);
                }
            }
        }
    }

    /** SQLSTATE of a unique or primary key violation, H2 and PostgreSQL alike. */
    private static final String DUPLICATE_KEY = "23505";

    private static final int MAX_NUMBERING_TRIES = 20;
    private static final String NEXT_ID = "SELECT COALESCE(MAX(id), 0) + 1 FROM transfer_attempts";
    private static final String INSERT_NUMBERED =
            "INSERT INTO transfer_attempts (id, " + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

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
            bind(ps, 0, a);
            ps.setLong(17, a.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED, "cannot update transfer " + a.ref() + ": " + e.getMessage(), e);
        }
    }

    /** Binds the {@link #COLS} from parameter {@code offset + 1} on. */
    private static void bind(PreparedStatement ps, int offset, TransferRecord a) throws SQLException {
        ps.setString(offset + 1, a.callId());
        ps.setString(offset + 2, a.caller());
        ps.setString(offset + 3, a.matter());
        ps.setString(offset + 4, a.department());
        ps.setString(offset + 5, a.room());
        ps.setString(offset + 6, a.requestedBy());
        setInstant(ps, offset + 7, a.requestedAt());
        // The columns keep their text (state, outcome, cause by their wire names): reports and old rows read the same.
        ps.setString(offset + 8, a.state().wireName());
        ps.setString(offset + 9, a.outcome() == null ? null : a.outcome().wireName());
        ps.setString(offset + 10, a.cause() == null ? null : a.cause().id());
        ps.setString(offset + 11, a.target());
        setInstant(ps, offset + 12, a.connectedAt());
        setInstant(ps, offset + 13, a.endedAt());
        ps.setString(offset + 14, a.overrideBy());
        ps.setString(offset + 15, a.overrideReason());
        if (a.workOrderId() == null) {
            ps.setNull(offset + 16, java.sql.Types.BIGINT);
        } else {
            ps.setLong(offset + 16, a.workOrderId());
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
