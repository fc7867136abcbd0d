package org.hotline.cti.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.cti.cel.CelCallHistoryTest.T;
import static org.hotline.cti.cel.CelCallHistoryTest.abandoned;
import static org.hotline.cti.cel.CelCallHistoryTest.answered;
import static org.hotline.cti.cel.CelCallHistoryTest.roundTheClockCallbacks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.hotline.cti.app.callback.CallbackService;
import org.hotline.cti.app.callback.MissedCallRecovery;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.metrics.CallMetrics;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcCallbackStore;
import org.hotline.cti.store.JdbcRosterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 6 with R11: each Asterisk node writes its own CEL file, read from its own
 * checkpoint, and a call recovered from it is keyed as that node's live calls are (the first
 * node's by bare uniqueid, another's as {@code name:uniqueid}), even when both PBXs gave the same
 * uniqueid.
 */
class NodeCelRecoveryTest {
    private static final String UID = "1795839894.17"; // both nodes started in the same second

    @TempDir
    Path dir;

    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final Instant resync = Instant.ofEpochSecond(T + 200);
    private final Clock clock = Clock.fixed(resync, ZoneOffset.UTC);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMetrics metrics = new CallMetrics(registry);
    private JdbcCallStore calls;
    private JdbcCallbackStore callbacks;
    private CallbackService service;
    private Path cel1;
    private Path cel2;
    private MissedCallRecovery node1;
    private MissedCallRecovery node2;

    @BeforeEach
    void start() throws IOException {
        calls = new JdbcCallStore(db.dataSource(), clock);
        JdbcRosterStore checkpoints = new JdbcRosterStore(db.dataSource(), clock);
        callbacks = new JdbcCallbackStore(db.dataSource());
        service = roundTheClockCallbacks(callbacks, checkpoints, clock);
        cel1 = append(dir.resolve("pbx1-Master.csv"), "");
        cel2 = append(dir.resolve("pbx2-Master.csv"), "");
        node1 = new MissedCallRecovery(
                new CelCallHistory(cel1, Set.of("from-enterprise"), "", "pbx1"), checkpoints, calls, service, metrics);
        node2 = new MissedCallRecovery(
                new CelCallHistory(cel2, Set.of("from-enterprise"), "pbx2:", "pbx2"),
                checkpoints,
                calls,
                service,
                metrics);
        // A new database: each node's history is followed from its own end.
        node1.recover(Instant.ofEpochSecond(T));
        node2.recover(Instant.ofEpochSecond(T));
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
        db.close();
    }

    private static Path append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return f;
    }

    @Test
    void eachNodesMissedCallsAreRecoveredFromItsOwnFileAndKeyedToThatNode() throws IOException {
        append(cel1, abandoned(UID, "13900000001", T + 10));
        append(cel2, abandoned(UID, "13900000002", T + 20));

        assertThat(node1.recover(resync)).isEqualTo(1);
        assertThat(node2.recover(resync))
                .as("node 1's pass moved only node 1's checkpoint")
                .isEqualTo(1);

        CallRecord one = calls.find(UID).orElseThrow();
        assertThat(one.node()).isEqualTo("pbx1");
        assertThat(one.caller()).isEqualTo("13900000001");
        CallRecord two = calls.find("pbx2:" + UID).orElseThrow();
        assertThat(two.node()).isEqualTo("pbx2");
        assertThat(two.caller()).isEqualTo("13900000002");
        assertThat(two.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(two.missedReason()).isEqualTo("caller-hangup");
        // R11: both misses wait for the duty supervisor, each with its own call id.
        assertThat(callbacks.list(EnumSet.of(CallbackStatus.PENDING)))
                .extracting(cb -> cb.number())
                .containsExactlyInAnyOrder("13900000001", "13900000002");
        assertThat(callbacks.list(EnumSet.of(CallbackStatus.PENDING)))
                .flatExtracting(cb -> cb.misses())
                .extracting(m -> m.callId())
                .containsExactlyInAnyOrder(UID, "pbx2:" + UID);

        assertThat(node1.recover(resync) + node2.recover(resync))
                .as("read again: nothing new")
                .isZero();
    }

    @Test
    void aNodesCallClosedBlindIsCorrectedOnlyByItsOwnNodesHistoryAndCountedOnce() throws IOException {
        // Node 2 was blind (its AMI link dropped) while a caller queued there; its resync closed the call as lost.
        Call c = new Call("pbx2:" + UID, "13900000004", "12345", Instant.ofEpochSecond(T + 30, 100_000)).atNode("pbx2");
        c.apply(new CallEvent.Queued("pbx2:" + UID, Instant.ofEpochSecond(T + 30, 200_000), "enterprise-desk", 1));
        c.endUnseen(resync, Call.ENDED_UNSEEN);
        CallRecord blind = CallRecord.of(c);
        calls.save(blind, blind.timeline());
        service.callEnded(blind);
        metrics.callChanged(blind, blind.timeline().get(blind.timeline().size() - 1));
        // Node 1 writes a call with the same uniqueid: it must not touch node 2's.
        append(cel1, answered(UID, "13900000009", T + 30));

        node1.recover(resync);
        assertThat(calls.find("pbx2:" + UID).orElseThrow().missedReason())
                .as("node 1's history says nothing about node 2's call")
                .isEqualTo("lost");
        assertThat(registry.get("cti.calls").counters().stream()
                        .mapToDouble(io.micrometer.core.instrument.Counter::count)
                        .sum())
                .as("node 1's pass counted its own call, and left node 2's guess waiting for node 2's pass")
                .isEqualTo(1.0);

        append(cel2, answered(UID, "13900000004", T + 30));
        node2.recover(resync);
        CallRecord served = calls.find("pbx2:" + UID).orElseThrow();
        assertThat(served.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(served.agent()).isEqualTo("8101");
        assertThat(served.node()).isEqualTo("pbx2");
        assertThat(registry.get("cti.calls")
                        .tag("outcome", "answered")
                        .counter()
                        .count())
                .as("cti_calls_total: both answered calls, node 2's once, under its corrected outcome")
                .isEqualTo(2.0);
        assertThat(registry.get("cti.calls")
                        .tag("outcome", "abandoned")
                        .counter()
                        .count())
                .isZero();
    }
}
