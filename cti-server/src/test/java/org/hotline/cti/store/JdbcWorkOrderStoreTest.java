package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcWorkOrderStoreTest {
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void storesTheWholeLifeWithItsTrailAndEscalatesOncePerCauseAcrossARestart() {
        WorkOrderStoreScenarios.lifecycleRoundTrip(db.dataSource());
    }

    @Test
    void theSchemaItselfRefusesASecondEscalationForTheSameCause() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO work_order_escalations (order_id, cause, at) VALUES (1, 'overdue-sign', CURRENT_TIMESTAMP)");
            assertThatThrownBy(() -> s.execute("INSERT INTO work_order_escalations (order_id, cause, at) "
                            + "VALUES (1, 'overdue-sign', CURRENT_TIMESTAMP)"))
                    .isInstanceOf(SQLException.class);
            assertThat(s.execute("INSERT INTO work_order_escalations (order_id, cause, at) "
                            + "VALUES (1, 'dissatisfied', CURRENT_TIMESTAMP)"))
                    .isFalse();
        }
    }
}
