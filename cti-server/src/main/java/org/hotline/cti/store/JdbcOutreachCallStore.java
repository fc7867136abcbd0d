package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hotline.cti.app.port.OutreachCallStore;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.OutreachCall;
import org.hotline.cti.domain.rotation.ServiceKind;

/** R5: rotation calls to market entities (table rotation_calls, migration V100). */
public final class JdbcOutreachCallStore implements OutreachCallStore {
    private static final String COLUMNS = "id, session_date, entity_name, credit_code, phone, kind, department,"
            + " called_by, extension, leg_id, status, started_at, result, note, result_at";

    private final DataSource ds;

    public JdbcOutreachCallStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public OutreachCall create(OutreachCall c) {
        return Jdbc.tx(ds, "save the rotation call", con -> {
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT INTO rotation_calls (session_date, entity_name, credit_code, phone, kind, department,"
                            + " called_by, extension, leg_id, status, started_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, c.session());
                ps.setString(2, c.entity().name());
                ps.setString(3, c.entity().creditCode());
                ps.setString(4, c.phone());
                ps.setString(5, c.kind().wireName());
                ps.setString(6, c.department());
                ps.setString(7, c.by());
                ps.setString(8, c.extension());
                ps.setString(9, c.legId());
                ps.setString(10, c.status());
                setInstant(ps, 11, c.startedAt());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    long id = keys.getLong(1);
                    return new OutreachCall(
                            id,
                            c.session(),
                            c.entity(),
                            c.phone(),
                            c.kind(),
                            c.department(),
                            c.by(),
                            c.extension(),
                            c.legId(),
                            c.status(),
                            c.startedAt(),
                            null,
                            null,
                            null);
                }
            }
        });
    }

    @Override
    public Optional<OutreachCall> get(long id) {
        return Jdbc.tx(ds, "read rotation call " + id, con -> {
            try (PreparedStatement ps =
                    con.prepareStatement("SELECT " + COLUMNS + " FROM rotation_calls WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<OutreachCall>empty();
                }
            }
        });
    }

    @Override
    public List<OutreachCall> bySession(LocalDate session) {
        return Jdbc.tx(ds, "read the rotation calls of " + session, con -> {
            try (PreparedStatement ps = con.prepareStatement(
                    "SELECT " + COLUMNS + " FROM rotation_calls WHERE session_date = ? ORDER BY id")) {
                ps.setObject(1, session);
                List<OutreachCall> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void legStatus(String legId, String status) {
        Jdbc.tx(ds, "update the rotation call's leg", con -> {
            try (PreparedStatement ps = con.prepareStatement("UPDATE rotation_calls SET status = ? WHERE leg_id = ?")) {
                ps.setString(1, status);
                ps.setString(2, legId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void result(long id, OutreachCall.Result result, String note, Instant at) {
        Jdbc.tx(ds, "record the rotation call's result", con -> {
            try (PreparedStatement ps = con.prepareStatement(
                    "UPDATE rotation_calls SET result = ?, note = ?, result_at = ? WHERE id = ?")) {
                ps.setString(1, result.wireName());
                ps.setString(2, note);
                setInstant(ps, 3, at);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    private static OutreachCall row(ResultSet rs) throws SQLException {
        return new OutreachCall(
                rs.getLong("id"),
                rs.getObject("session_date", LocalDate.class),
                new MarketEntity(rs.getString("entity_name"), rs.getString("credit_code")),
                rs.getString("phone"),
                ServiceKind.fromWire(rs.getString("kind"))
                        .orElseThrow(() -> new IllegalStateException("unknown rotation call kind in the store")),
                rs.getString("department"),
                rs.getString("called_by"),
                rs.getString("extension"),
                rs.getString("leg_id"),
                rs.getString("status"),
                instant(rs, "started_at"),
                OutreachCall.Result.fromWire(rs.getString("result")).orElse(null),
                rs.getString("note"),
                instant(rs, "result_at"));
    }
}
