package org.hotline.cti.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.transfer.TransferOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 11: a database outage in the middle of a transfer neither blocks the call nor loses the attempt or its R13 order. */
class TransferServiceFaultTest {

    private final InMemoryTransferStore store = new InMemoryTransferStore();
    private final FakeWorkOrders orders = new FakeWorkOrders();
    private final FakeTelephony pbx = new FakeTelephony();
    private TransferService transfers;

    @AfterEach
    void stop() {
        if (transfers != null) {
            transfers.close();
        }
    }

    private CallRecord answeredCall() {
        Instant t0 = Instant.now();
        Call c = new Call("call-1", "13800000001", "12345", t0);
        c.apply(new CallEvent.Queued("call-1", t0, "enterprise-desk", 1));
        c.apply(new CallEvent.Answered("call-1", t0, "8101"));
        return CallRecord.of(c);
    }

    private final Session supervisor =
            new Session("t", "supervisor", Role.SUPERVISOR, null, Instant.now().plusSeconds(3600));
    private final CallRecord call = answeredCall();

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    /** The sample directory, and a roster with no rotation duty (R4 would ring a duty specialist first on Tue/Fri mornings). */
    private TransferService start() {
        Path roster = dir.resolve("roster.yaml");
        try {
            java.nio.file.Files.writeString(roster, """
                    rotation:
                      days: [TUESDAY, FRIDAY]
                      hours: "08:30-11:30"
                      duties: []
                    supervisors:
                      - name: 李静
                        extension: "8901"
                        days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY]
                        hours: "00:00-23:59"
                    """);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HotlineRules hotline = new HotlineRules(
                new RuleFileSet(
                        Path.of("../config/departments.yaml"),
                        Path.of("../config/calendar"),
                        roster,
                        true,
                        ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
        Clock clock = Clock.systemUTC();
        InMemoryCallStore calls = new InMemoryCallStore();
        LiveEvents events = new LiveEvents();
        TransferOutcomes outcomes = new TransferOutcomes(
                calls,
                store,
                new org.hotline.cti.app.workorder.WorkOrderService(
                        orders.store(), calls, hotline, events, org.hotline.cti.app.port.WorkOrderMetrics.NONE, clock),
                hotline,
                events,
                TransferMetrics.NONE,
                clock);
        transfers = new TransferService(
                hotline, id -> Optional.of(call), store, pbx, outcomes, TransferSettings.DEFAULTS, clock);
        return transfers;
    }

    private TransferRecord ringing() {
        TransferRecord t = transfers.request(new TransferRequest("call-1", "vat-credit-refund", null), supervisor);
        await().atMost(Duration.ofSeconds(5)).until(() -> !pbx.rung.isEmpty());
        return t;
    }

    @Test
    void afterAReconnectAnAttemptWhoseSpecialistJoinedUnseenIsConnected() {
        start();
        TransferRecord t = ringing();
        pbx.presence = new Telephony.LegPresence(
                Telephony.LegPresence.Where.IN_ROOM, pbx.rung.get(0).id());
        transfers.reconcile().join();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> store.find(t.id()).orElseThrow().outcome() == TransferOutcome.CONNECTED);
    }

    @Test
    void afterAReconnectAnAttemptWhoseLegVanishedUnseenFailsWithItsOrder() {
        start();
        TransferRecord t = ringing(); // tax has one number (no rotation duty on this test's config)
        pbx.presence = Telephony.LegPresence.NONE;
        transfers.reconcile().join();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> store.find(t.id()).orElseThrow().outcome() != null);
        assertThat(store.find(t.id()).orElseThrow().cause()).isEqualTo(FailureCause.NO_ANSWER);
        assertThat(orders.orders).hasSize(1);
    }

    @Test
    void anAttemptAnEarlierRunLeftRingingFailsWithServerRestartItsLegHungUpAndItsOrderMade() {
        store.create(new TransferRecord(
                0,
                "call-0",
                "13800000009",
                "vat-credit-refund",
                "增值税留抵退税",
                "tax",
                "税务局",
                "70001",
                "8101",
                Instant.now(),
                org.hotline.cti.domain.transfer.TransferAttempt.State.RINGING,
                null,
                "sip:2001@127.0.0.3:5071",
                null,
                null,
                null,
                null,
                null));
        start();
        pbx.presence = new Telephony.LegPresence(Telephony.LegPresence.Where.ALIVE, "xfer-1-1");
        transfers.reconcile().join();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> store.find(1).orElseThrow().outcome() != null);
        TransferRecord r = store.find(1).orElseThrow();
        assertThat(r.outcome()).isEqualTo(TransferOutcome.FAILED);
        assertThat(r.cause()).isEqualTo(FailureCause.SERVER_RESTART);
        assertThat(r.workOrderId()).isEqualTo(orders.orders.get(0).id());
        assertThat(pbx.hungUp).containsExactly("xfer-1-1");
        // A later reconnect does not settle it twice.
        transfers.reconcile().join();
        assertThat(orders.orders).hasSize(1);
    }

    @Test
    void aDatabaseErrorMidTransferFinishesTheAttemptFreesTheCallAndStoresEverythingOnceTheDatabaseIsBack()
            throws Exception {
        start();
        TransferRecord t = ringing();

        // The database goes away; the caller hangs up while the specialist rings.
        store.failing = true;
        orders.failing = true;
        transfers.callChanged(call, new TimelineEntry(Instant.now(), "ended", "8101", "answered"));

        // The attempt finished all the same: the call is not left with a transfer in progress.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThatThrownBy(() ->
                                transfers.request(new TransferRequest("call-1", "vat-credit-refund", null), supervisor))
                        .isInstanceOfSatisfying(
                                CtiException.class, e -> assertThat(e.id()).isEqualTo("store-failed")));
        assertThat(transfers.pendingWrites()).isPositive();

        store.failing = false;
        orders.failing = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> transfers.pendingWrites() == 0);
        TransferRecord stored = store.find(t.id()).orElseThrow();
        assertThat(stored.outcome()).isEqualTo(TransferOutcome.FAILED);
        assertThat(stored.cause()).isEqualTo(FailureCause.CALLER_GONE);
        // R13: the work order owed during the outage was made and the attempt names it.
        assertThat(orders.orders)
                .singleElement()
                .satisfies(o -> assertThat(o.cause().id()).isEqualTo("caller-gone"));
        assertThat(stored.workOrderId()).isEqualTo(orders.orders.get(0).id());
    }
}
