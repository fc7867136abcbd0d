package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.setInstant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.CheckpointStore;
import org.hotline.cti.app.port.RosterStore;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.roster.SupervisorShift;

/**
 * Duty-supervisor lists changed over the API (kept as history, newest wins) and the PBX history
 * checkpoints: small settings rows that must outlive restarts.
 */
public final class JdbcRosterStore implements RosterStore, CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource ds;
    private final Clock clock;

    public JdbcRosterStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    public Optional<List<SupervisorShift>> latestSupervisors() {
        String sql = "SELECT supervisors FROM roster_supervisor_changes ORDER BY id DESC";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(decode(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot read the duty roster: " + e.getMessage(), e);
        }
    }

    @Override
    public void saveSupervisors(List<SupervisorShift> supervisors, String changedBy, Instant at) {
        String sql = "INSERT INTO roster_supervisor_changes (supervisors, changed_by, changed_at) VALUES (?,?,?)";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, encode(supervisors));
            ps.setString(2, changedBy);
            setInstant(ps, 3, at);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "cannot save the duty roster: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> position(String source) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT position FROM pbx_history_checkpoints WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED, "cannot read checkpoint of " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String source, String position) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE pbx_history_checkpoints SET position = ?, updated_at = ? WHERE source = ?")) {
                up.setString(1, position);
                setInstant(up, 2, clock.instant());
                up.setString(3, source);
                if (up.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO pbx_history_checkpoints (source, position, updated_at) VALUES (?,?,?)")) {
                ins.setString(1, source);
                ins.setString(2, position);
                setInstant(ins, 3, clock.instant());
                ins.executeUpdate();
            }
        } catch (SQLException e) {
            throw new CtiException(
                    ErrorId.STORE_FAILED, "cannot save checkpoint of " + source + ": " + e.getMessage(), e);
        }
    }

    private static String encode(List<SupervisorShift> list) {
        try {
            return JSON.writeValueAsString(list.stream()
                    .map(s -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", s.name());
                        m.put("extension", s.extension());
                        m.put("days", s.days().stream().sorted().map(Enum::name).toList());
                        m.put("hours", s.hours().toString());
                        return m;
                    })
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SupervisorShift> decode(String json) {
        try {
            List<Map<String, Object>> rows = JSON.readValue(json, new TypeReference<>() {});
            return rows.stream()
                    .map(m -> {
                        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                        ((List<?>) m.get("days")).forEach(d -> days.add(DayOfWeek.valueOf(d.toString())));
                        return new SupervisorShift(
                                (String) m.get("name"), (String) m.get("extension"), days, TimeRange.parse((String)
                                        m.get("hours")));
                    })
                    .toList();
        } catch (JsonProcessingException e) {
            throw new CtiException(ErrorId.STORE_FAILED, "stored duty roster is unreadable: " + e.getMessage(), e);
        }
    }
}
