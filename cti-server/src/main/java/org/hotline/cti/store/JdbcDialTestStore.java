package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialTestStore;
import org.hotline.cti.domain.dialtest.DialTestResult;

/** Dial-test runs and results in SQL (tables of V4; never joined with transfer attempts). */
public final class JdbcDialTestStore implements DialTestStore {
    private static final String SELECT = "SELECT run_id, department, number, started_at, finished_at, answered, cause, "
            + "answer_millis FROM dialtest_results ";

    private final DataSource ds;

    public JdbcDialTestStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void runStarted(String runId, String trigger, String requestedBy, String department, Instant at) {
        update(
                "INSERT INTO dialtest_runs (id, run_trigger, requested_by, department, started_at) VALUES (?,?,?,?,?)",
                ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, trigger);
                    ps.setString(3, requestedBy);
                    ps.setString(4, department);
                    setInstant(ps, 5, at);
                });
    }

    @Override
    public void runFinished(String runId, Instant at) {
        update("UPDATE dialtest_runs SET finished_at=? WHERE id=?", ps -> {
            setInstant(ps, 1, at);
            ps.setString(2, runId);
        });
    }

    @Override
    public void save(DialTestResult r) {
        update(
                "INSERT INTO dialtest_results (run_id, department, number, started_at, finished_at, answered, cause, answer_millis) "
                        + "VALUES (?,?,?,?,?,?,?,?)",
                ps -> {
                    ps.setString(1, r.runId());
                    ps.setString(2, r.department());
                    ps.setString(3, r.number());
                    setInstant(ps, 4, r.startedAt());
                    setInstant(ps, 5, r.finishedAt());
                    ps.setBoolean(6, r.answered());
                    ps.setString(7, r.cause());
                    if (r.answerTime() == null) {
                        ps.setNull(8, Types.BIGINT);
                    } else {
                        ps.setLong(8, r.answerTime().toMillis());
                    }
                });
    }

    @Override
    public List<DialTestResult> latestOf(String number, int limit) {
        return query(SELECT + "WHERE number=? ORDER BY started_at DESC, id DESC LIMIT ?", ps -> {
            ps.setString(1, number);
            ps.setInt(2, limit);
        });
    }

    @Override
    public List<DialTestResult> history(int limit) {
        return query(SELECT + "ORDER BY started_at DESC, id DESC LIMIT ?", ps -> ps.setInt(1, limit));
    }

    @Override
    public List<DialTestResult> ofRun(String runId) {
        return query(SELECT + "WHERE run_id=? ORDER BY id", ps -> ps.setString(1, runId));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder b) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot store dial-test: " + e.getMessage(), e);
        }
    }

    private List<DialTestResult> query(String sql, Binder b) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            List<DialTestResult> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ms = rs.getLong("answer_millis");
                    Duration answer = rs.wasNull() ? null : Duration.ofMillis(ms);
                    out.add(new DialTestResult(
                            rs.getString("run_id"),
                            rs.getString("department"),
                            rs.getString("number"),
                            instant(rs, "started_at"),
                            instant(rs, "finished_at"),
                            rs.getBoolean("answered"),
                            rs.getString("cause"),
                            answer));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read dial-tests: " + e.getMessage(), e);
        }
    }
}
