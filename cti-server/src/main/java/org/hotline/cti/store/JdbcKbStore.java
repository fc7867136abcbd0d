package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hotline.cti.app.port.KbStore;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;

/** The knowledge base in SQL: an entry and its documents are written in one transaction. */
public final class JdbcKbStore implements KbStore {
    private final DataSource ds;

    public JdbcKbStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public List<KbEntry> entries() {
        return Jdbc.tx(ds, "read the knowledge base", c -> {
            Map<Long, List<PolicyDocument>> docs = new LinkedHashMap<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT entry_id, title, issuer, doc_number, effective, expires, "
                                    + "link, body FROM kb_documents ORDER BY entry_id, position");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    docs.computeIfAbsent(rs.getLong("entry_id"), k -> new ArrayList<>())
                            .add(new PolicyDocument(
                                    rs.getString("title"),
                                    rs.getString("issuer"),
                                    rs.getString("doc_number"),
                                    rs.getObject("effective", LocalDate.class),
                                    rs.getObject("expires", LocalDate.class),
                                    rs.getString("link"),
                                    rs.getString("body")));
                }
            }
            List<KbEntry> out = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT id, department, matter, title, script, updated_by, updated_at "
                                    + "FROM kb_entries ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    out.add(new KbEntry(
                            id,
                            rs.getString("department"),
                            rs.getString("matter"),
                            rs.getString("title"),
                            rs.getString("script"),
                            docs.getOrDefault(id, List.of()),
                            rs.getString("updated_by"),
                            instant(rs, "updated_at")));
                }
            }
            return out;
        });
    }

    @Override
    public KbEntry save(KbEntry e) {
        return Jdbc.tx(ds, "store knowledge-base entry '" + e.title() + "'", c -> {
            long id = e.id();
            if (id == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO kb_entries (department, matter, title, script, "
                                + "updated_by, updated_at) VALUES (?,?,?,?,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    bindEntry(ps, e);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
            } else {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE kb_entries SET department = ?, matter = ?, title = ?, "
                                + "script = ?, updated_by = ?, updated_at = ? WHERE id = ?")) {
                    bindEntry(ps, e);
                    ps.setLong(7, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM kb_documents WHERE entry_id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            insertDocuments(c, id, e.documents());
            return e.withId(id);
        });
    }

    private static void bindEntry(PreparedStatement ps, KbEntry e) throws SQLException {
        ps.setString(1, e.department());
        ps.setString(2, e.matter());
        ps.setString(3, e.title());
        ps.setString(4, e.script());
        ps.setString(5, e.updatedBy());
        setInstant(ps, 6, e.updatedAt());
    }

    private static void insertDocuments(Connection c, long entryId, List<PolicyDocument> documents)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kb_documents (entry_id, position, title, issuer, "
                + "doc_number, effective, expires, link, body) VALUES (?,?,?,?,?,?,?,?,?)")) {
            int position = 0;
            for (PolicyDocument d : documents) {
                ps.setLong(1, entryId);
                ps.setInt(2, position++);
                ps.setString(3, d.title());
                ps.setString(4, d.issuer());
                ps.setString(5, d.number());
                ps.setObject(6, d.effective());
                ps.setObject(7, d.expires());
                ps.setString(8, d.link());
                ps.setString(9, d.text());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<UnansweredQuestion> questions() {
        return Jdbc.tx(ds, "read unanswered questions", c -> {
            List<UnansweredQuestion> out = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT id, department, matter, question, call_id, asked_by, asked_at, "
                                    + "answer, answered_by, answered_at, entry_id FROM kb_questions ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UnansweredQuestion(
                            rs.getLong("id"),
                            rs.getString("department"),
                            rs.getString("matter"),
                            rs.getString("question"),
                            rs.getString("call_id"),
                            rs.getString("asked_by"),
                            instant(rs, "asked_at"),
                            rs.getString("answer"),
                            rs.getString("answered_by"),
                            instant(rs, "answered_at"),
                            rs.getLong("entry_id")));
                }
            }
            return out;
        });
    }

    @Override
    public UnansweredQuestion save(UnansweredQuestion q) {
        return Jdbc.tx(ds, "store question for " + q.department(), c -> {
            if (q.id() == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO kb_questions (department, matter, question, call_id, "
                                + "asked_by, asked_at, answer, answered_by, answered_at, entry_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    bindQuestion(ps, q);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        return new UnansweredQuestion(
                                keys.getLong(1),
                                q.department(),
                                q.matter(),
                                q.question(),
                                q.callId(),
                                q.askedBy(),
                                q.askedAt(),
                                q.answer(),
                                q.answeredBy(),
                                q.answeredAt(),
                                q.entryId());
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE kb_questions SET department = ?, matter = ?, question = ?, "
                            + "call_id = ?, asked_by = ?, asked_at = ?, answer = ?, answered_by = ?, answered_at = ?, entry_id = ? "
                            + "WHERE id = ?")) {
                bindQuestion(ps, q);
                ps.setLong(11, q.id());
                ps.executeUpdate();
            }
            return q;
        });
    }

    private static void bindQuestion(PreparedStatement ps, UnansweredQuestion q) throws SQLException {
        ps.setString(1, q.department());
        ps.setString(2, q.matter());
        ps.setString(3, q.question());
        ps.setString(4, q.callId());
        ps.setString(5, q.askedBy());
        setInstant(ps, 6, q.askedAt());
        ps.setString(7, q.answer());
        ps.setString(8, q.answeredBy());
        setInstant(ps, 9, q.answeredAt());
        ps.setLong(10, q.entryId());
    }
}
