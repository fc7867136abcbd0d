package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hotline.cti.app.port.PushOutbox;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.PushCampaign;
import org.hotline.cti.domain.rotation.PushMessage;

/**
 * R5 policy push as an outbox (tables push_campaigns, push_outbox; migration V101): sending a message
 * is queueing a row; the platform or an SMS gateway collects rows and acknowledges each one's
 * delivery over HTTP. The demo shows the rows as they move.
 */
public final class JdbcPushOutbox implements PushOutbox {
    private static final String MESSAGE =
            "SELECT id, campaign_id, row_number, entity_name, credit_code, phone, contact,"
                    + " body, status, collector, collected_at, settled_at, reason FROM push_outbox";
    private static final String CAMPAIGN = "SELECT id, session_date, department, title, policy_text, file_name,"
            + " created_by, created_at FROM push_campaigns";

    private final DataSource ds;

    public JdbcPushOutbox(DataSource ds) {
        this.ds = ds;
    }

    /** The campaign row and its message rows in one transaction: a crash half-way leaves neither. */
    @Override
    public PushCampaign create(PushCampaign c, List<PushMessage> messages) {
        return Jdbc.tx(ds, "save the policy push and queue its messages", con -> {
            PushCampaign saved;
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT INTO push_campaigns (session_date, department, title, policy_text, file_name, created_by,"
                            + " created_at) VALUES (?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, c.session());
                ps.setString(2, c.department());
                ps.setString(3, c.title());
                ps.setString(4, c.text());
                ps.setString(5, c.fileName());
                ps.setString(6, c.createdBy());
                setInstant(ps, 7, c.createdAt());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    saved = new PushCampaign(
                            keys.getLong(1),
                            c.session(),
                            c.department(),
                            c.title(),
                            c.text(),
                            c.fileName(),
                            c.createdBy(),
                            c.createdAt());
                }
            }
            for (PushMessage m : messages) {
                queue(con, saved.id(), m);
            }
            return saved;
        });
    }

    private static void queue(Connection con, long campaignId, PushMessage m) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(
                "INSERT INTO push_outbox (campaign_id, row_number, entity_name, credit_code, phone, contact, body,"
                        + " status) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, campaignId);
            ps.setInt(2, m.row());
            ps.setString(3, m.entity().name());
            ps.setString(4, m.entity().creditCode());
            ps.setString(5, m.phone());
            ps.setString(6, m.contact());
            ps.setString(7, m.body());
            ps.setString(8, PushMessage.Status.QUEUED.wireName());
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<PushCampaign> campaign(long id) {
        return Jdbc.tx(ds, "read policy push " + id, con -> {
            List<PushCampaign> l = campaigns(con, CAMPAIGN + " WHERE id = ?", id);
            return l.stream().findFirst();
        });
    }

    @Override
    public List<PushCampaign> campaigns(LocalDate session) {
        return Jdbc.tx(
                ds,
                "read the policy pushes of " + session,
                con -> campaigns(con, CAMPAIGN + " WHERE session_date = ? ORDER BY id", session));
    }

    @Override
    public List<PushMessage> messages(long campaignId) {
        return Jdbc.tx(
                ds,
                "read the messages of policy push " + campaignId,
                con -> messages(con, MESSAGE + " WHERE campaign_id = ? ORDER BY id", campaignId));
    }

    @Override
    public Optional<PushMessage> message(long id) {
        return Jdbc.tx(
                ds,
                "read push message " + id,
                con -> messages(con, MESSAGE + " WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<PushMessage> outbox(PushMessage.Status status, int limit) {
        return Jdbc.tx(
                ds,
                "read the push outbox",
                con -> status == null
                        ? messages(con, MESSAGE + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY")
                        : messages(
                                con,
                                MESSAGE + " WHERE status = ? ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                                status.wireName()));
    }

    @Override
    public List<PushMessage> collect(String collector, int limit, Instant now, Duration lease) {
        Instant expired = now.minus(lease);
        return Jdbc.tx(ds, "collect from the push outbox", con -> {
            List<PushMessage> offered = messages(
                    con,
                    MESSAGE + " WHERE status = 'queued' OR (status = 'collected' AND collected_at < ?)"
                            + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                    expired);
            List<PushMessage> out = new ArrayList<>();
            try (PreparedStatement ps =
                    con.prepareStatement("UPDATE push_outbox SET status = 'collected', collector = ?, collected_at = ?"
                            + " WHERE id = ? AND (status = 'queued' OR (status = 'collected' AND collected_at < ?))")) {
                for (PushMessage m : offered) {
                    ps.setString(1, collector);
                    setInstant(ps, 2, now);
                    ps.setLong(3, m.id());
                    setInstant(ps, 4, expired);
                    // Another collector got there first when no row changes: it is theirs.
                    if (ps.executeUpdate() == 1) {
                        out.add(new PushMessage(
                                m.id(),
                                m.campaignId(),
                                m.row(),
                                m.entity(),
                                m.phone(),
                                m.contact(),
                                m.body(),
                                PushMessage.Status.COLLECTED,
                                collector,
                                now,
                                null,
                                null));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean settle(long id, PushMessage.Status status, String reason, Instant at) {
        return Jdbc.tx(ds, "acknowledge push message " + id, con -> {
            try (PreparedStatement ps = con.prepareStatement("UPDATE push_outbox SET status = ?, reason = ?,"
                    + " settled_at = ? WHERE id = ? AND status = 'collected'")) {
                ps.setString(1, status.wireName());
                ps.setString(2, reason);
                setInstant(ps, 3, at);
                ps.setLong(4, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static List<PushCampaign> campaigns(Connection con, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(con, sql, args);
                ResultSet rs = ps.executeQuery()) {
            List<PushCampaign> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new PushCampaign(
                        rs.getLong("id"),
                        rs.getObject("session_date", LocalDate.class),
                        rs.getString("department"),
                        rs.getString("title"),
                        rs.getString("policy_text"),
                        rs.getString("file_name"),
                        rs.getString("created_by"),
                        instant(rs, "created_at")));
            }
            return out;
        }
    }

    private static List<PushMessage> messages(Connection con, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(con, sql, args);
                ResultSet rs = ps.executeQuery()) {
            List<PushMessage> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new PushMessage(
                        rs.getLong("id"),
                        rs.getLong("campaign_id"),
                        rs.getInt("row_number"),
                        new MarketEntity(rs.getString("entity_name"), rs.getString("credit_code")),
                        rs.getString("phone"),
                        rs.getString("contact"),
                        rs.getString("body"),
                        PushMessage.Status.fromWire(rs.getString("status"))
                                .orElseThrow(() -> new IllegalStateException("unknown push status in the store")),
                        rs.getString("collector"),
                        instant(rs, "collected_at"),
                        instant(rs, "settled_at"),
                        rs.getString("reason")));
            }
            return out;
        }
    }

    private static PreparedStatement prepare(Connection con, String sql, Object... args) throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Instant t) {
                setInstant(ps, i + 1, t);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
        return ps;
    }
}
