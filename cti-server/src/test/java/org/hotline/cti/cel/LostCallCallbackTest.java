package org.hotline.cti.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hotline.cti.cel.CelCallHistoryTest.T;
import static org.hotline.cti.cel.CelCallHistoryTest.abandoned;
import static org.hotline.cti.cel.CelCallHistoryTest.answered;
import static org.hotline.cti.cel.CelCallHistoryTest.roundTheClockCallbacks;
import static org.hotline.cti.cel.CelCallHistoryTest.timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.callback.CallbackService;
import org.hotline.cti.app.callback.MissedCallRecovery;
import org.hotline.cti.app.port.CallHistory;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcCallbackStore;
import org.hotline.cti.store.JdbcRosterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R11 after a server kill: the writes of the last half second died with the server (the call
 * store writes in groups), so a call an agent answered comes back open and the next start's resync
 * closes it as "lost". The node's CEL recovery, triggered by that resync, knows better. The
 * duty supervisor must get a callback for every call the desk really missed, exactly one, and
 * none (nor a {@code callback.assigned} push) for a call that was answered.
 */
class LostCallCallbackTest {
    private static final String NODE = "pbx1";
    private static final Instant RESYNC = Instant.ofEpochSecond(T + 200);

    @TempDir
    Path dir;

    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final Clock clock = Clock.fixed(RESYNC, ZoneOffset.UTC);
    private final List<LiveEvents.Event> pushes = new CopyOnWriteArrayList<>();
    private JdbcCallStore calls;
    private JdbcRosterStore checkpoints;
    private JdbcCallbackStore store;
    private CallbackService service;
    private Path celFile;
    private MissedCallRecovery recovery;

    @BeforeEach
    void start() throws IOException {
        calls = new JdbcCallStore(db.dataSource(), clock);
        checkpoints = new JdbcRosterStore(db.dataSource(), clock);
        store = new JdbcCallbackStore(db.dataSource());
        service = callbacks();
        celFile = cel("");
        recovery = recoveryOf(new CelCallHistory(celFile, Set.of("from-enterprise"), "", NODE));
        recovery.recover(Instant.ofEpochSecond(T)); // a new database: follows the file from its end
    }

    @AfterEach
    void stop() {
        recovery.close();
        service.close();
        db.close();
    }

    private CallbackService callbacks() {
        LiveEvents events = new LiveEvents();
        events.subscribe(pushes::add);
        return roundTheClockCallbacks(store, checkpoints, clock, events);
    }

    private MissedCallRecovery recoveryOf(CallHistory history) {
        return new MissedCallRecovery(history, checkpoints, calls, service);
    }

    private Path cel(String text) throws IOException {
        Path f = dir.resolve("Master.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return f;
    }

    /**
     * The resync closing a call it last saw queued on {@code node} as "lost": stored, then told to
     * the callbacks as the call tracker does.
     */
    private CallRecord closedBlindByResync(String uid, String num, long t, String node) {
        Call c = new Call(uid, num, "12345", Instant.ofEpochSecond(t, 100_000)).atNode(node);
        c.apply(new CallEvent.Queued(uid, Instant.ofEpochSecond(t, 200_000), "enterprise-desk", 1));
        c.endUnseen(RESYNC, Call.ENDED_UNSEEN);
        CallRecord r = CallRecord.of(c);
        assertThat(r.missedReason()).isEqualTo("lost");
        calls.save(r, r.timeline());
        service.callChanged(r, r.timeline().get(r.timeline().size() - 1));
        return r;
    }

    private List<Callback> allCallbacks() {
        service.idle().join();
        return store.list(EnumSet.allOf(CallbackStatus.class));
    }

    private List<LiveEvents.Event> assigned() {
        return pushes.stream().filter(e -> "callback.assigned".equals(e.type())).toList();
    }

    @Test
    void aCallAnsweredBeforeTheKillThatCelSaysWasAnsweredNeverGetsACallbackNorAPush() throws IOException {
        closedBlindByResync("pbx-1.4", "13900000004", T + 30, NODE);
        assertThat(allCallbacks()).as("held for the recovery pass").isEmpty();

        cel(answered("pbx-1.4", "13900000004", T + 30));
        recovery.recover(RESYNC);

        assertThat(calls.find("pbx-1.4").orElseThrow())
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(CallOutcome.ANSWERED))
                .satisfies(r -> assertThat(r.agent()).isEqualTo("8101"));
        assertThat(allCallbacks())
                .as("an answered call carries no callback record")
                .isEmpty();
        assertThat(assigned())
                .as("the duty supervisor is not pushed a callback")
                .isEmpty();
        assertThat(service.pendingFor("13900000004")).isFalse();
    }

    @Test
    void aCallCelSaysWasMissedGetsExactlyOneCallbackWithTheTrueReason() throws IOException {
        closedBlindByResync("pbx-1.3", "13900000003", T + 20, NODE);
        assertThat(allCallbacks()).isEmpty();

        cel(timeout("pbx-1.3", "13900000003", T + 20));
        recovery.recover(RESYNC);

        assertThat(allCallbacks()).singleElement().satisfies(cb -> {
            assertThat(cb.number()).isEqualTo("13900000003");
            assertThat(cb.status()).isEqualTo(CallbackStatus.PENDING);
            assertThat(cb.misses()).extracting(m -> m.reason()).containsExactly("queue-timeout");
        });
        assertThat(assigned()).hasSize(1);

        checkpoints.save("cel:" + celFile.toAbsolutePath(), "0"); // the same records read again change nothing
        recovery.recover(RESYNC);
        assertThat(allCallbacks()).hasSize(1);
        assertThat(assigned()).hasSize(1);
    }

    @Test
    void aCallTheCelBatchDoesNotMentionIsFoldedAsTheResyncClosedIt() throws IOException {
        closedBlindByResync("pbx-1.7", "13900000007", T + 30, NODE);
        cel(abandoned("pbx-1.1", "13900000001", T + 40)); // another call, one the CTI never saw

        recovery.recover(RESYNC);

        assertThat(allCallbacks()).extracting(Callback::number).containsExactlyInAnyOrder("13900000007", "13900000001");
        assertThat(store.list(EnumSet.allOf(CallbackStatus.class)).stream()
                        .filter(cb -> cb.number().equals("13900000007")))
                .singleElement()
                .satisfies(cb ->
                        assertThat(cb.misses()).extracting(m -> m.reason()).containsExactly("lost"));
        assertThat(assigned()).hasSize(2);
    }

    @Test
    void whenTheRecoveryPassFailsEveryHeldCallIsFoldedAtOnce() {
        recovery.close();
        recovery = recoveryOf(new CallHistory() {
            @Override
            public String source() {
                return "cel:unreadable";
            }

            @Override
            public String node() {
                return NODE;
            }

            @Override
            public String end() {
                return "0";
            }

            @Override
            public Batch since(String position, Instant arrivedBefore) {
                throw new IllegalStateException("Master.csv: permission denied");
            }
        });
        checkpoints.save("cel:unreadable", "0");
        closedBlindByResync("pbx-1.5", "13900000005", T + 30, NODE);
        closedBlindByResync("pbx-1.6", "13900000006", T + 40, NODE);

        assertThatThrownBy(() -> recovery.recover(RESYNC)).hasMessageContaining("permission denied");
        assertThat(allCallbacks()).extracting(Callback::number).containsExactlyInAnyOrder("13900000005", "13900000006");

        // As the resync runs it: on the recovery's own thread, which logs the failure.
        closedBlindByResync("pbx-1.8", "13900000008", T + 50, NODE);
        recovery.recoverLater(RESYNC);
        await().atMost(Duration.ofSeconds(10)).until(() -> recovery.runs() == 1);
        assertThat(allCallbacks()).hasSize(3);
        assertThat(assigned()).hasSize(3);
    }

    @Test
    void aNodeWithoutACelFileGetsItsCallbackAtOnceAsBefore() {
        closedBlindByResync("pbx2:pbx-2.1", "13900000021", T + 30, "pbx2"); // no recovery for pbx2

        assertThat(allCallbacks()).singleElement().satisfies(cb -> {
            assertThat(cb.number()).isEqualTo("13900000021");
            assertThat(cb.misses()).extracting(m -> m.reason()).containsExactly("lost");
        });
        assertThat(assigned()).hasSize(1);
    }

    @Test
    void aServerKilledAgainBeforeThePassFoldsTheHeldCallSettlesItOnTheNextStart() throws IOException {
        closedBlindByResync("pbx-1.4", "13900000004", T + 30, NODE);
        closedBlindByResync("pbx-1.3", "13900000003", T + 20, NODE);
        cel(answered("pbx-1.4", "13900000004", T + 30) + timeout("pbx-1.3", "13900000003", T + 20));
        // Killed before the pass ran: the calls are stored closed as lost, nothing was folded, the
        // checkpoint has not moved. The next start: new services on the same database.
        recovery.close();
        service.close();
        service = callbacks();
        recovery = recoveryOf(new CelCallHistory(celFile, Set.of("from-enterprise"), "", NODE));

        recovery.recover(RESYNC);

        assertThat(calls.find("pbx-1.4").orElseThrow().outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(allCallbacks()).singleElement().satisfies(cb -> {
            assertThat(cb.number()).isEqualTo("13900000003");
            assertThat(cb.misses()).extracting(m -> m.reason()).containsExactly("queue-timeout");
        });
        assertThat(assigned()).hasSize(1);
    }
}
