package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcCallStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcCallStore store = new JdbcCallStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void savesACallStepByStepAndReadsItBackWithItsTimelineAndChineseText() {
        Call call = new Call("1795834691.826", "13800000001", "12345", T0);
        store.save(CallRecord.of(call), call.timeline());
        assertThat(store.open()).extracting(CallRecord::id).containsExactly("1795834691.826");

        TimelineEntry q = call.apply(new CallEvent.Queued(call.id(), T0.plusSeconds(1), "企业专席", 1))
                .orElseThrow();
        store.save(CallRecord.of(call), List.of(q));
        TimelineEntry a = call.apply(new CallEvent.Answered(call.id(), T0.plusSeconds(4), "8101"))
                .orElseThrow();
        TimelineEntry e = call.apply(new CallEvent.Ended(call.id(), T0.plusSeconds(90), 16, "Normal Clearing"))
                .orElseThrow();
        store.save(CallRecord.of(call), List.of(a, e));

        CallRecord back = store.find(call.id()).orElseThrow();
        assertThat(back.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(back.agent()).isEqualTo("8101");
        assertThat(back.queue()).isEqualTo("企业专席");
        assertThat(back.endedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(back.timeline()).isEqualTo(call.timeline());
        assertThat(store.open()).isEmpty();
        assertThat(store.arrivedBetween(T0, T0.plusSeconds(1))).hasSize(1);
        assertThat(store.arrivedBetween(T0.plusSeconds(1), T0.plusSeconds(100))).isEmpty();
    }

    @Test
    void aCallKeepsTheAsteriskNodeItLivedOnAndTheSameUniqueidOnTwoNodesIsTwoCalls() {
        // Issue 14 item 6: the first node's ids are bare uniqueids, the others' are node-qualified.
        Call one = new Call("1795834691.1", "13800000001", "12345", T0).atNode("pbx1");
        Call two = new Call("pbx2:1795834691.1", "13800000002", "12345", T0).atNode("pbx2");
        store.save(CallRecord.of(one), one.timeline());
        store.save(CallRecord.of(two), two.timeline());
        assertThat(store.open())
                .extracting(CallRecord::id, CallRecord::node)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1795834691.1", "pbx1"),
                        org.assertj.core.groups.Tuple.tuple("pbx2:1795834691.1", "pbx2"));
        assertThat(store.find("pbx2:1795834691.1").orElseThrow().toCall().node())
                .isEqualTo("pbx2");
    }

    @Test
    void storingTheSameStepTwiceIsRefusedAndKeepsWhatWasStored() {
        Call call = new Call("c1", "13800000001", "12345", T0);
        store.save(CallRecord.of(call), call.timeline());
        assertThatThrownBy(() -> store.save(CallRecord.of(call), call.timeline()))
                .hasMessageContaining("cannot save call c1");
        assertThat(store.find("c1").orElseThrow().timeline()).hasSize(1);
    }

    @Test
    void aGroupOfCallWritesIsOneTransactionAllOrNothing() {
        CallGroupScenarios.groupsAreStoredWholeAndPortably(store, T0, "g");
    }

    @Test
    void badJdbcUrlGetsAClearError() {
        assertThatThrownBy(() -> Database.open("jdbc:nosuchdb:x", "u", "p"))
                .hasMessageContaining("cannot open database jdbc:nosuchdb:x");
    }
}
