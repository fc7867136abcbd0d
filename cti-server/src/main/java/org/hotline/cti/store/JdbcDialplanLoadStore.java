package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialplanLoadStore;

/** The dialplan load audit (V4 {@code dialplan_loads}; V190 its node). */
public final class JdbcDialplanLoadStore implements DialplanLoadStore {
    private static final int MAX_MESSAGE = 4000;

    private final DataSource ds;

    public JdbcDialplanLoadStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public LoadRecord save(LoadRecord r) {
        String sql =
                "INSERT INTO dialplan_loads (loaded_by, loaded_at, checksum, files, result, message, node) VALUES (?,?,?,?,?,?,?)";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            String message =
                    r.message().length() > MAX_MESSAGE ? r.message().substring(0, MAX_MESSAGE - 1) + "…" : r.message();
            ps.setString(1, r.loadedBy());
            setInstant(ps, 2, r.loadedAt());
            ps.setString(3, r.checksum());
            ps.setString(4, String.join(",", r.files()));
            ps.setString(5, r.result());
            ps.setString(6, message);
            ps.setString(7, r.node());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                long id = keys.next() ? keys.getLong(1) : 0;
                return r.withId(id, message);
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot audit the dialplan load: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LoadRecord> latest(int limit) {
        String sql = "SELECT id, loaded_by, loaded_at, checksum, files, result, message, node FROM dialplan_loads "
                + "ORDER BY loaded_at DESC, id DESC LIMIT ?";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<LoadRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String files = rs.getString("files");
                    out.add(new LoadRecord(
                            rs.getLong("id"),
                            rs.getString("loaded_by"),
                            instant(rs, "loaded_at"),
                            rs.getString("checksum"),
                            files.isEmpty() ? List.of() : Arrays.asList(files.split(",")),
                            rs.getString("result"),
                            rs.getString("message"),
                            rs.getString("node")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read the dialplan load audit: " + e.getMessage(), e);
        }
    }
}
