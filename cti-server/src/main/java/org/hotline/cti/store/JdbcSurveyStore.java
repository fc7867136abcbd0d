package org.hotline.cti.store;

import static org.hotline.cti.store.Jdbc.instant;
import static org.hotline.cti.store.Jdbc.setInstant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hotline.cti.app.port.SurveyStore;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.SurveyAnswer;

/** R7 survey answers (table survey_answers, migration V102). */
public final class JdbcSurveyStore implements SurveyStore {
    private final DataSource ds;

    public JdbcSurveyStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void save(List<SurveyAnswer> answers) {
        Jdbc.tx(ds, "save the survey answers", con -> {
            try (PreparedStatement ps = con.prepareStatement("INSERT INTO survey_answers (session_date, entity_name,"
                    + " credit_code, phone, question_id, question, answer, follow_up, work_order_id, answered_by,"
                    + " department, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (SurveyAnswer a : answers) {
                    ps.setObject(1, a.session());
                    ps.setString(2, a.entity().name());
                    ps.setString(3, a.entity().creditCode());
                    ps.setString(4, a.phone());
                    ps.setString(5, a.questionId());
                    ps.setString(6, a.question());
                    ps.setString(7, a.answer());
                    ps.setString(8, a.followUp());
                    if (a.workOrderId() == null) {
                        ps.setNull(9, Types.BIGINT);
                    } else {
                        ps.setLong(9, a.workOrderId());
                    }
                    ps.setString(10, a.by());
                    ps.setString(11, a.department());
                    setInstant(ps, 12, a.at());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public List<SurveyAnswer> bySession(LocalDate session) {
        return Jdbc.tx(ds, "read the survey answers of " + session, con -> {
            try (PreparedStatement ps = con.prepareStatement("SELECT id, session_date, entity_name, credit_code, phone,"
                    + " question_id, question, answer, follow_up, work_order_id, answered_by, department, answered_at"
                    + " FROM survey_answers WHERE session_date = ? ORDER BY id")) {
                ps.setObject(1, session);
                List<SurveyAnswer> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Long order = rs.getObject("work_order_id", Long.class);
                        out.add(new SurveyAnswer(
                                rs.getLong("id"),
                                rs.getObject("session_date", LocalDate.class),
                                new MarketEntity(rs.getString("entity_name"), rs.getString("credit_code")),
                                rs.getString("phone"),
                                rs.getString("question_id"),
                                rs.getString("question"),
                                rs.getString("answer"),
                                rs.getString("follow_up"),
                                order,
                                rs.getString("answered_by"),
                                rs.getString("department"),
                                instant(rs, "answered_at")));
                    }
                }
                return out;
            }
        });
    }
}
