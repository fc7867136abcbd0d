package org.hotline.cti.app.arrival;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.store.CodesAsNames;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcTransferStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: the enterprise a caller was last recorded with is answered from memory, and
 * always as the database would answer it — at start, after each wrap-up, and when an agent
 * corrects a wrap-up so that an older one's name applies again.
 */
class RecordedEnterprisesTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    private static final String A = "13800000001";
    private static final String B = "13800000002";
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcCallStore calls = new JdbcCallStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
    private final JdbcTransferStore store = new JdbcTransferStore(db.dataSource(), CodesAsNames.INSTANCE);

    @AfterEach
    void close() {
        db.close();
    }

    private void call(String id, String caller, long atSeconds) {
        Call c = new Call(id, caller, "12345", T0.plusSeconds(atSeconds));
        calls.save(CallRecord.of(c), c.timeline());
    }

    /** Stores the wrap-up as the desk does (the store first, then the memory). */
    private void wrapUp(RecordedEnterprises memory, String caller, Wrapup w) {
        store.saveWrapup(w);
        memory.recorded(caller, w);
    }

    private static Wrapup wrapup(String callId, String agent, String enterprise, long atSeconds) {
        return new Wrapup(callId, agent, null, "direct", null, enterprise, T0.plusSeconds(atSeconds));
    }

    private void agreesWithTheDatabase(RecordedEnterprises memory) {
        RecordedEnterprises restarted = new RecordedEnterprises(store);
        for (String n : List.of(A, B, "13800000009")) {
            assertThat(memory.of(n)).as(n).isEqualTo(store.enterpriseOf(n));
            assertThat(restarted.of(n)).as(n + " after a restart").isEqualTo(store.enterpriseOf(n));
        }
    }

    @Test
    void followsTheStoreThroughNewNamesWrapUpsWithoutOneAndCorrections() {
        call("c1", A, 0);
        call("c2", A, 3600);
        call("c3", B, 60);
        store.saveWrapup(wrapup("c1", "8101", "杭州青禾科技有限公司", 300)); // before this server started
        RecordedEnterprises memory = new RecordedEnterprises(store);
        assertThat(memory.of(A)).contains("杭州青禾科技有限公司");
        assertThat(memory.size()).isEqualTo(1);
        agreesWithTheDatabase(memory);

        wrapUp(memory, A, wrapup("c2", "8102", null, 3900)); // a later wrap-up that names nothing
        assertThat(memory.of(A)).contains("杭州青禾科技有限公司");
        agreesWithTheDatabase(memory);

        wrapUp(memory, A, wrapup("c2", "8102", "青禾科技（杭州）有限公司", 3950)); // the agent adds the name
        wrapUp(memory, B, wrapup("c3", "8103", "双鸭山市宝山区粮油公司", 4000));
        wrapUp(memory, B, wrapup("c3", "8104", null, 4010)); // a second agent's wrap-up of the same call
        assertThat(memory.of(A)).contains("青禾科技（杭州）有限公司");
        assertThat(memory.of(B)).contains("双鸭山市宝山区粮油公司");
        agreesWithTheDatabase(memory);

        // The agent corrects the wrap-up the name came from and removes the name: the older name applies again.
        wrapUp(memory, A, wrapup("c2", "8102", null, 4100));
        assertThat(memory.of(A)).contains("杭州青禾科技有限公司");
        // ... and for a number with no other wrap-up, no name at all.
        wrapUp(memory, B, wrapup("c3", "8103", "  ", 4200));
        assertThat(memory.of(B)).isEmpty();
        agreesWithTheDatabase(memory);
        assertThat(memory.of(null)).isEmpty();
    }
}
