package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferAttempt.State;
import org.hotline.cti.domain.transfer.TransferOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a transfer's state, outcome and cause travel as the domain's enums; the columns keep the
 * text they always held (reports, old rows and the PostgreSQL schema read the same).
 */
class JdbcTransferStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTransferStore store = new JdbcTransferStore(db.dataSource(), new JdbcTransferStore.NameLookup() {
        @Override
        public String matterName(String code) {
            return "增值税留抵退税";
        }

        @Override
        public String departmentName(String code) {
            return "税务局";
        }
    });

    @AfterEach
    void close() {
        db.close();
    }

    private static TransferRecord attempt(long id, State state, FailureCause cause) {
        return new TransferRecord(
                id,
                "c1",
                "13800000001",
                "vat-credit-refund",
                null,
                "tax",
                null,
                "70001",
                "8101",
                T0,
                state,
                cause,
                "sip:2001@127.0.0.3:5071",
                null,
                state.finished() ? T0.plusSeconds(40) : null,
                null,
                null,
                null);
    }

    private String columns(long id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT state, outcome, cause FROM transfer_attempts WHERE id = " + id)) {
            rs.next();
            return rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
        }
    }

    @Test
    void aRingingAttemptIsUnfinished_failedItReadsBackWithItsCauseAndTheColumnsHoldTheWireNames() throws Exception {
        long id = store.create(attempt(0, State.RINGING, null));
        assertThat(columns(id)).isEqualTo("ringing/null/null");
        assertThat(store.unfinished()).extracting(TransferRecord::id).containsExactly(id);

        store.update(attempt(id, State.FAILED, FailureCause.CALLER_GONE));

        assertThat(columns(id)).isEqualTo("failed/failed/caller-gone");
        TransferRecord back = store.find(id).orElseThrow();
        assertThat(back.state()).isEqualTo(State.FAILED);
        assertThat(back.outcome()).isEqualTo(TransferOutcome.FAILED);
        assertThat(back.cause()).isEqualTo(FailureCause.CALLER_GONE);
        assertThat(back.departmentName()).isEqualTo("税务局");
        assertThat(store.unfinished()).isEmpty();
    }

    @Test
    void aConnectedAttemptHasNoCause() throws Exception {
        long id = store.create(attempt(0, State.CONNECTED, null));
        assertThat(columns(id)).isEqualTo("connected/connected/null");
        TransferRecord back = store.find(id).orElseThrow();
        assertThat(back.outcome()).isEqualTo(TransferOutcome.CONNECTED);
        assertThat(back.connected()).isTrue();
        assertThat(back.cause()).isNull();
    }
}
