package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.RotationStore;
import org.hotline.cti.domain.rotation.EntityServed;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.hotline.cti.domain.rotation.SignIn;

/** Rotation-session records (R4, R5), in insertion order per session date. */
public final class JdbcRotationStore implements RotationStore {
    private final DataSource ds;

    public JdbcRotationStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public List<SignIn> signIns(LocalDate session) {
        String sql =
                "SELECT specialist, department, signed_in_at FROM rotation_sign_ins WHERE session_date = ? ORDER BY id";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, session);
            List<SignIn> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SignIn(
                            rs.getString("specialist"), rs.getString("department"), instant(rs, "signed_in_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED, "cannot read rotation sign-ins of " + session + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<EntityServed> services(LocalDate session) {
        String sql =
                "SELECT entity_name, credit_code, kind, note, served_by, department, served_at FROM rotation_services"
                        + " WHERE session_date = ? ORDER BY id";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, session);
            List<EntityServed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServiceKind kind = ServiceKind.fromWire(rs.getString("kind"))
                            .orElseThrow(() -> new IllegalStateException("unknown rotation service kind in the store"));
                    out.add(new EntityServed(
                            new MarketEntity(rs.getString("entity_name"), rs.getString("credit_code")),
                            kind,
                            rs.getString("note"),
                            rs.getString("served_by"),
                            rs.getString("department"),
                            instant(rs, "served_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED, "cannot read rotation services of " + session + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void saveSignIn(LocalDate session, SignIn s) {
        String sql =
                "INSERT INTO rotation_sign_ins (session_date, specialist, department, signed_in_at) VALUES (?,?,?,?)";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, session);
            ps.setString(2, s.specialist());
            ps.setString(3, s.department());
            setInstant(ps, 4, s.at());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot save the rotation sign-in: " + e.getMessage(), e);
        }
    }

    @Override
    public void saveService(LocalDate session, EntityServed s) {
        String sql =
                "INSERT INTO rotation_services (session_date, entity_name, credit_code, kind, note, served_by, served_at,"
                        + " department) VALUES (?,?,?,?,?,?,?,?)";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, session);
            ps.setString(2, s.entity().name());
            ps.setString(3, s.entity().creditCode());
            ps.setString(4, s.kind().wireName());
            ps.setString(5, s.note());
            ps.setString(6, s.by());
            setInstant(ps, 7, s.at());
            ps.setString(8, s.department());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot save the rotation service: " + e.getMessage(), e);
        }
    }
}
