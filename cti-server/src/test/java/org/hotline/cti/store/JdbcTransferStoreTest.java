package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Issue 14 item 4: the attempt and the room its id gives it go in together, in one transaction. */
    @Test
    void anAttemptIsStoredNumberedWithItsRoomInOneTransaction() {
        TransferRecord stored =
                store.createNumbered(attempt(0, State.REQUESTED, null), id -> Long.toString(70_000 + id));

        assertThat(stored.room()).isEqualTo(Long.toString(70_000 + stored.id()));
        assertThat(store.find(stored.id()).orElseThrow().room()).isEqualTo(stored.room());
        assertThat(store.unfinished()).containsExactly(store.find(stored.id()).orElseThrow());

        // All or nothing: an attempt whose room cannot be given is not left behind without one.
        assertThatThrownBy(() -> store.createNumbered(attempt(0, State.REQUESTED, null), id -> {
                    throw new IllegalStateException("no room");
                }))
                .hasMessageContaining("no room");
        assertThat(store.requestedBetween(T0, T0.plusSeconds(1))).hasSize(1);
    }

    /**
     * Issue 11 (T7 is followed by T8, never T40) with issue 14 item 4's cheaper numbering: the next
     * number is read in the attempt's own transaction, so a store that fails takes none.
     */
    @Test
    void attemptsAreNumberedWithoutGapsAndAFailedStoreTakesNoNumber() {
        long first = store.createNumbered(attempt(0, State.REQUESTED, null), id -> Long.toString(70_000 + id))
                .id();
        assertThatThrownBy(() -> store.createNumbered(attempt(0, State.REQUESTED, null), id -> {
                    throw new IllegalStateException("no room");
                }))
                .hasMessageContaining("no room");
        long second = store.create(attempt(0, State.RINGING, null));
        TransferRecord third =
                store.createNumbered(attempt(0, State.REQUESTED, null), id -> Long.toString(70_000 + id));

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(third.id()).isEqualTo(3);
        assertThat(third.room()).isEqualTo("70003");
        assertThat(store.find(2).orElseThrow().room())
                .as("create keeps the room it was given")
                .isEqualTo("70001");
    }

    /** Writers that read the same next number: the primary key refuses the second, which takes the one after. */
    @Test
    void concurrentWritersEachGetTheirOwnNumberAndNoneIsSkipped() throws Exception {
        int threads = 3;
        int each = 30;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<java.util.List<Long>>> ids = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    java.util.List<Long> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(store.createNumbered(
                                        attempt(0, State.REQUESTED, null), id -> Long.toString(70_000 + id))
                                .id());
                    }
                    return mine;
                }));
            }
            start.countDown();
            java.util.List<Long> all = new java.util.ArrayList<>();
            for (var f : ids) {
                all.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(all)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * each)
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
    }

    /** R10 counts the day's three-way calls: connected or still ringing, not failed. */
    @Test
    void theThreeWayCountLeavesOutFailedAttemptsAndOtherDays() {
        store.create(attempt(0, State.RINGING, null));
        store.create(attempt(0, State.CONNECTED, null));
        store.create(attempt(0, State.FAILED, FailureCause.BUSY));

        assertThat(store.countThreeWayBetween(T0, T0.plusSeconds(1))).isEqualTo(2);
        assertThat(store.countThreeWayBetween(T0.plusSeconds(1), T0.plusSeconds(2)))
                .isZero();
    }
}
