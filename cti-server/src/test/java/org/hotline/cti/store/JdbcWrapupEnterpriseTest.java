package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The screen pop's enterprise name: what an agent last recorded at wrap-up for a call from that number. */
class JdbcWrapupEnterpriseTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcCallStore calls = new JdbcCallStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
    private final JdbcTransferStore store = new JdbcTransferStore(db.dataSource(), CodesAsNames.INSTANCE);

    @AfterEach
    void close() {
        db.close();
    }

    private void call(String id, String caller, Instant at) {
        Call c = new Call(id, caller, "12345", at);
        calls.save(CallRecord.of(c), c.timeline());
    }

    @Test
    void theLatestNameRecordedForTheNumberIsShown_aWrapUpWithoutOneChangesNothing() {
        call("c1", "13800000001", T0);
        call("c2", "13800000001", T0.plusSeconds(3600));
        call("c3", "13800000002", T0.plusSeconds(60));
        assertThat(store.enterpriseOf("13800000001")).isEmpty();

        store.saveWrapup(new Wrapup("c1", "8101", null, "direct", null, "杭州青禾科技有限公司", T0.plusSeconds(300)));
        store.saveWrapup(new Wrapup("c2", "8102", null, "direct", "来电未报单位", "  ", T0.plusSeconds(3900)));
        assertThat(store.enterpriseOf("13800000001")).contains("杭州青禾科技有限公司");
        assertThat(store.enterpriseOf("13800000002")).isEmpty();

        store.saveWrapup(new Wrapup("c2", "8102", null, "direct", null, "青禾科技（杭州）有限公司", T0.plusSeconds(3950)));
        assertThat(store.enterpriseOf("13800000001")).contains("青禾科技（杭州）有限公司");
        assertThat(store.wrapupsBetween(T0, T0.plusSeconds(4000)))
                .extracting(Wrapup::enterprise)
                .containsExactly("杭州青禾科技有限公司", "青禾科技（杭州）有限公司");
    }

    @Test
    void anOverlongNameIsRefusedByName() {
        assertThatThrownBy(() -> new Wrapup("c1", "8101", null, "direct", null, "企".repeat(101), T0))
                .isInstanceOf(CtiException.class)
                .hasMessageContaining("100")
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("bad-enterprise");
    }
}
