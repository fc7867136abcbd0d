package org.hotline.cti.store;

import org.hotline.cti.ErrorId;

import org.hotline.cti.CtiException;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.domain.workorder.WorkOrder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

/** Work orders in SQL. */
public final class JdbcWorkOrderStore implements WorkOrderStore {
    private static final String COLS = "kind, urgency, department, matter, caller, call_id, description, cause, created_at, "
            + "dispatch_by, due_at, status, created_by";
    private final DataSource ds;

    public JdbcWorkOrderStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public WorkOrder create(WorkOrder o) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO work_orders (" + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, o.kind());
            ps.setString(2, o.urgency());
            ps.setString(3, o.department());
            ps.setString(4, o.matter());
            ps.setString(5, o.caller());
            ps.setString(6, o.callId());
            ps.setString(7, o.description());
            ps.setString(8, o.cause());
            setInstant(ps, 9, o.createdAt());
            setInstant(ps, 10, o.dispatchBy());
            setInstant(ps, 11, o.dueAt());
            ps.setString(12, o.status());
            ps.setString(13, o.createdBy());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                return new WorkOrder(id, o.kind(), o.urgency(), o.department(), o.matter(), o.caller(), o.callId(),
                        o.description(), o.cause(), o.createdAt(), o.dispatchBy(), o.dueAt(), o.status(), o.createdBy());
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot store work order: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<WorkOrder> find(long id) {
        return query("WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<WorkOrder> createdBetween(Instant from, Instant to) {
        return query("WHERE created_at >= ? AND created_at < ? ORDER BY id", from, to);
    }

    @Override
    public List<WorkOrder> open() {
        return query("WHERE status = ? ORDER BY id", WorkOrder.OPEN);
    }

    private List<WorkOrder> query(String where, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, " + COLS + " FROM work_orders " + where)) {
            Jdbc.bindAll(ps, args);
            List<WorkOrder> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkOrder(rs.getLong("id"), rs.getString("kind"), rs.getString("urgency"), rs.getString("department"),
                            rs.getString("matter"), rs.getString("caller"), rs.getString("call_id"), rs.getString("description"),
                            rs.getString("cause"), instant(rs, "created_at"), instant(rs, "dispatch_by"), instant(rs, "due_at"),
                            rs.getString("status"), rs.getString("created_by")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read work orders: " + e.getMessage(), e);
        }
    }
}
