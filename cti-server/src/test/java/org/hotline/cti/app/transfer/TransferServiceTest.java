package org.hotline.cti.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.port.Telephony.LegCause;
import org.hotline.cti.app.port.Telephony.LegEvent;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.SupervisorOverride;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.transfer.TransferAttempt.State;
import org.hotline.cti.domain.transfer.TransferOutcome;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TransferService (R1, R10, R13) against a hand-written PBX that injects faults, with a clock the
 * test steps. Asserts what the duty supervisor sees: the attempt's outcome and cause, the work order
 * a failure leaves, the counts behind the connection rate (cti_transfer_attempts_total) and the
 * three-way share, and the pushes the agent gets.
 */
class TransferServiceTest {
    /** A Wednesday, 10:00 in Shanghai: no rotation session, within any working hours. */
    private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

    private static final String FIRST = "sip:2001@127.0.0.3:5071";
    private static final String SECOND = "sip:2011@127.0.0.3:5071";

    /** What monitoring is told: one line per finished attempt, as cti_transfer_attempts_total labels it. */
    static final class RecordedMetrics implements TransferMetrics {
        final List<String> attempts = new CopyOnWriteArrayList<>();
        final List<Duration> setups = new CopyOnWriteArrayList<>();
        final List<String> steps = new CopyOnWriteArrayList<>();

        @Override
        public void attemptFinished(String department, TransferOutcome outcome, FailureCause cause) {
            attempts.add(department + " " + outcome.wireName() + " " + (cause == null ? "none" : cause.id()));
        }

        @Override
        public void setupTime(Duration requestToJoined) {
            setups.add(requestToJoined);
        }

        @Override
        public void setupStep(SetupStep step, Duration took) {
            steps.add(step.id() + " " + took.toNanos() / 1_000 + " µs");
        }
    }

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final FakeTelephony pbx = new FakeTelephony();
    private final RecordedMetrics metrics = new RecordedMetrics();
    private final InMemoryTransferStore store = new InMemoryTransferStore();
    private final InMemoryCallStore calls = new InMemoryCallStore();
    private final FakeWorkOrders orders = new FakeWorkOrders();
    private final LiveEvents events = new LiveEvents();
    private final List<LiveEvents.Event> pushed = new CopyOnWriteArrayList<>();
    private final CallRecord call = answered("call-1", "8101");
    private final Session agent = new Session("t1", "8101", Role.AGENT, "8101", T0.plusSeconds(3600));
    private WorkOrderService workOrders;
    private TransferOutcomes outcomes;
    private TransferService transfers;

    private static CallRecord answered(String id, String agent) {
        Call c = new Call(id, "13800000001", "12345", T0.minusSeconds(60));
        c.apply(new CallEvent.Queued(id, T0.minusSeconds(60), "enterprise-desk", 1));
        c.apply(new CallEvent.Answered(id, T0.minusSeconds(50), agent));
        return CallRecord.of(c);
    }

    /** Tax rings two numbers for 1 s each (a short ring so the leg-never-reported test waits 1.2 s, not 30). */
    @BeforeEach
    void start() throws IOException {
        Path departments = write("departments.yaml", """
                departments:
                  - code: tax
                    name: 税务局
                    transferNumbers: ["%s", "%s"]
                    ringTimeout: 1 second
                matters:
                  - code: vat-credit-refund
                    name: 增值税留抵退税
                    department: tax
                    threeWay: true
                  - code: tax-registration
                    name: 税务登记办理流程
                    department: tax
                    threeWay: false
                    kbAnswer: 新办企业领取营业执照后，可通过电子税务局完成信息确认。
                """.formatted(FIRST, SECOND));
        Path roster = write("roster.yaml", """
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
        HotlineRules rules = new HotlineRules(
                new RuleFileSet(departments, Path.of("../config/calendar"), roster, true, ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
        events.subscribe(pushed::add);
        workOrders = new WorkOrderService(orders.store(), calls, rules, events, WorkOrderMetrics.NONE, clock);
        outcomes = new TransferOutcomes(calls, store, workOrders, rules, events, metrics, clock);
        transfers = new TransferService(
                rules,
                id -> Optional.of(call).filter(c -> c.id().equals(id)),
                store,
                pbx,
                outcomes,
                new TransferSettings("specialists", "PJSIP/{number}", "12345热线转接", Duration.ofMillis(200)),
                clock);
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        transfers.close();
        workOrders.close();
    }

    private TransferRecord request() {
        return transfers.request(new TransferRequest("call-1", "vat-credit-refund", null), agent);
    }

    private void awaitRung(int legs) {
        await().atMost(Duration.ofSeconds(10)).until(() -> pbx.rung.size() >= legs);
    }

    private TransferRecord awaitFinished(long id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.find(id).orElseThrow().finished());
        // The result push is the attempt's last step: after it, the store, the orders and the metrics are final.
        await().atMost(Duration.ofSeconds(10)).until(() -> !results().isEmpty());
        return store.find(id).orElseThrow();
    }

    /** The transfer objects pushed to the requesting agent as transfer.result. */
    private List<Map<?, ?>> results() {
        return pushed.stream()
                .filter(e -> e.type().equals("transfer.result") && "8101".equals(e.toUser()))
                .<Map<?, ?>>map(e -> (Map<?, ?>) ((Map<?, ?>) e.data()).get("transfer"))
                .toList();
    }

    @Test
    void theSpecialistJoiningTheRoomConnects_answeringAloneDoesNot_R1() {
        TransferRecord t = request();
        assertThat(t.state()).isEqualTo(State.REQUESTED);
        assertThat(t.outcome()).isNull();
        awaitRung(1);
        assertThat(pbx.rooms).containsExactly("call-1->" + t.room());
        assertThat(pbx.rung.get(0).target()).isEqualTo("PJSIP/specialists/" + FIRST);
        assertThat(pbx.rung.get(0).exten()).isEqualTo(t.room());

        pbx.leg(1, LegEvent.Kind.RINGING, null);
        pbx.leg(1, LegEvent.Kind.ANSWERED, null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pushed.stream()
                        .anyMatch(e -> e.type().equals("transfer.progress")
                                && "answered".equals(((Map<?, ?>) ((Map<?, ?>) e.data()).get("transfer")).get("leg"))));
        // Answered is not connected: the specialist may still hang up before joining (R1).
        assertThat(store.find(t.id()).orElseThrow().state()).isEqualTo(State.RINGING);

        clock.advance(Duration.ofSeconds(12));
        pbx.leg(1, LegEvent.Kind.JOINED, null);
        TransferRecord done = awaitFinished(t.id());

        assertThat(done.outcome()).isEqualTo(TransferOutcome.CONNECTED);
        assertThat(done.cause()).isNull();
        assertThat(done.target()).isEqualTo(FIRST);
        assertThat(done.setupSeconds()).isEqualTo(12.0);
        assertThat(done.workOrderId()).isNull();
        assertThat(orders.orders).isEmpty();
        assertThat(metrics.attempts).containsExactly("tax connected none");
        assertThat(metrics.setups).containsExactly(Duration.ofSeconds(12));
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.get("state")).isEqualTo("connected");
            assertThat(r.get("outcome")).isEqualTo("connected");
            assertThat(r.get("cause")).isNull();
        });
        // R10: a connected transfer is a three-way call of the day.
        assertThat(outcomes.dayCounts(clock.instant()).threeWayCallsSoFar()).isEqualTo(1);
        assertThat(pbx.agentsHungUp).isEmpty();
    }

    @Test
    void aBusyFirstNumberRingsTheNextInOrder_aLateEventOfTheFirstLegChangesNothing() {
        TransferRecord t = request();
        awaitRung(1);
        pbx.leg(1, LegEvent.Kind.FAILED, LegCause.BUSY);
        awaitRung(2);
        assertThat(pbx.rung.get(1).target()).isEqualTo("PJSIP/specialists/" + SECOND);

        pbx.leg(1, LegEvent.Kind.JOINED, null); // the first leg is no longer followed
        pbx.leg(2, LegEvent.Kind.JOINED, null);
        TransferRecord done = awaitFinished(t.id());

        assertThat(done.outcome()).isEqualTo(TransferOutcome.CONNECTED);
        assertThat(done.target()).isEqualTo(SECOND);
        assertThat(metrics.attempts).containsExactly("tax connected none");
    }

    @Test
    void originateRefusedOnEveryNumberFailsTheAttemptAndDispatchesAWorkOrder_R13() {
        pbx.refuseOriginate = true;
        TransferRecord t = request();
        TransferRecord done = awaitFinished(t.id());

        assertThat(pbx.rung)
                .extracting(Telephony.Leg::target)
                .containsExactly("PJSIP/specialists/" + FIRST, "PJSIP/specialists/" + SECOND);
        assertThat(done.state()).isEqualTo(State.FAILED);
        assertThat(done.outcome()).isEqualTo(TransferOutcome.FAILED);
        assertThat(done.cause()).isEqualTo(FailureCause.UNAVAILABLE);
        assertThat(done.endedAt()).isEqualTo(T0);
        assertThat(done.setupSeconds()).isNull();
        // R13: the failure becomes a help order to the department, dispatched within 5 minutes; caller
        // and agent keep talking.
        WorkOrder order = orders.orders.get(0);
        assertThat(orders.orders).hasSize(1);
        assertThat(order.kind()).isEqualTo(WorkOrderKind.HELP);
        assertThat(order.origin()).isEqualTo(WorkOrderOrigin.TRANSFER_FAILED);
        assertThat(order.department()).isEqualTo("tax");
        assertThat(order.matter()).isEqualTo("vat-credit-refund");
        assertThat(order.caller()).isEqualTo("13800000001");
        assertThat(order.callId()).isEqualTo("call-1");
        assertThat(order.cause().id()).isEqualTo("unavailable");
        assertThat(order.dispatchBy()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(done.workOrderId()).isEqualTo(order.id());
        assertThat(pbx.agentsHungUp).isEmpty();
        assertThat(metrics.attempts).containsExactly("tax failed unavailable");
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.get("outcome")).isEqualTo("failed");
            assertThat(r.get("cause")).isEqualTo("unavailable");
            assertThat(r.get("workOrderId")).isEqualTo("WO" + order.id());
        });
        // R10: a failed transfer spends none of the day's three-way budget.
        assertThat(outcomes.dayCounts(clock.instant()).threeWayCallsSoFar()).isZero();
    }

    @Test
    void aLegThePbxNeverReportsOnTimesOutAfterItsRingTimeAndGrace_theNextNumberIsNotTried() {
        TransferRecord t = request();
        awaitRung(1);
        clock.advance(Duration.ofSeconds(30)); // the attempt's times come from the clock, not the timer
        TransferRecord done = awaitFinished(t.id());

        assertThat(done.cause()).isEqualTo(FailureCause.TIMEOUT);
        assertThat(done.endedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(pbx.rung).hasSize(1);
        // The silent leg is hung up: it must not join the room later, unseen.
        assertThat(pbx.hungUp).containsExactly(pbx.rung.get(0).id());
        assertThat(orders.orders).singleElement().satisfies(o -> {
            assertThat(o.cause().id()).isEqualTo("timeout");
            assertThat(o.dispatchBy()).isEqualTo(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        });
        assertThat(metrics.attempts).containsExactly("tax failed timeout");
    }

    @Test
    void theCallerHangingUpMidRingStopsTheRingAndStillLeavesAWorkOrder() {
        TransferRecord t = request();
        awaitRung(1);
        pbx.leg(1, LegEvent.Kind.RINGING, null);
        transfers.callChanged(call, new TimelineEntry(T0, "ended", "8101", "caller hung up"));
        TransferRecord done = awaitFinished(t.id());

        assertThat(done.cause()).isEqualTo(FailureCause.CALLER_GONE);
        assertThat(pbx.hungUp).containsExactly(pbx.rung.get(0).id());
        assertThat(pbx.rung).hasSize(1);
        assertThat(orders.orders)
                .singleElement()
                .satisfies(o -> assertThat(o.cause().id()).isEqualTo("caller-gone"));
        // Counted, with its cause, so the rate can leave it out (R1: not the department's failure).
        assertThat(metrics.attempts).containsExactly("tax failed caller-gone");
        // The attempt no longer holds the call: it is not left "transfer-in-progress".
        assertThat(request().id()).isNotEqualTo(t.id());
    }

    /**
     * Issue 14 item 4: an ended call with no transfer (most calls) no longer wakes the transfers
     * thread to find that out; nor does one whose transfer is over.
     */
    @Test
    void anEndedCallWithoutATransferInProgressIsNotHandedToTheTransfersThread() {
        CallRecord other = answered("call-2", "8102");
        transfers.callChanged(other, new TimelineEntry(T0, "ended", "8102", "caller hung up"));
        assertThat(transfers.handOffs()).isZero();

        TransferRecord t = request();
        awaitFinished(t.id()); // rung, never answered: failed on its timeout
        long before = transfers.handOffs();
        transfers.callChanged(call, new TimelineEntry(T0.plusSeconds(40), "ended", "8101", "caller hung up"));
        assertThat(transfers.handOffs()).isEqualTo(before);
        assertThat(store.find(t.id()).orElseThrow().cause()).isEqualTo(FailureCause.TIMEOUT);
    }

    /**
     * The caller hanging up while a request is still on its way to storing its attempt (not yet
     * known by call) is still handed over, and ends the attempt as caller-gone behind the request.
     */
    @Test
    void aCallEndingWhileItsTransferRequestIsBeingStoredStillEndsTheAttempt()
            throws InterruptedException, java.util.concurrent.ExecutionException,
                    java.util.concurrent.TimeoutException {
        java.util.concurrent.CountDownLatch storing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        store.onCommit = () -> {
            storing.countDown();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.CompletableFuture<TransferRecord> requested =
                java.util.concurrent.CompletableFuture.supplyAsync(this::request);
        assertThat(storing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        transfers.callChanged(call, new TimelineEntry(T0, "ended", "8101", "caller hung up"));
        assertThat(transfers.handOffs()).as("handed over behind the request").isEqualTo(1);
        store.onCommit = () -> {};
        release.countDown();

        TransferRecord done = awaitFinished(
                requested.get(10, java.util.concurrent.TimeUnit.SECONDS).id());
        assertThat(done.cause()).isEqualTo(FailureCause.CALLER_GONE);
        assertThat(orders.orders)
                .singleElement()
                .satisfies(o -> assertThat(o.cause().id()).isEqualTo("caller-gone"));
    }

    @Test
    void aCallerThatCannotBeMovedIntoTheRoomEndsTheAttemptAsCallerGone() {
        pbx.refuseJoin = true;
        TransferRecord t = request();
        TransferRecord done = awaitFinished(t.id());

        assertThat(done.cause()).isEqualTo(FailureCause.CALLER_GONE);
        assertThat(pbx.rung).isEmpty();
        assertThat(pbx.hungUp).as("no leg was rung, so none is hung up").isEmpty();
        assertThat(orders.orders).hasSize(1);
        assertThat(transferPushes())
                .containsExactly("transfer.progress requested", "transfer.progress failed", "transfer.result failed");
    }

    /** The transfer pushes to the requesting agent, as {@code type state}, in order. */
    private List<String> transferPushes() {
        return pushed.stream()
                .filter(e -> e.type().startsWith("transfer.") && "8101".equals(e.toUser()))
                .map(TransferServiceTest::typeAndState)
                .toList();
    }

    private static String typeAndState(LiveEvents.Event e) {
        return e.type() + " " + ((Map<?, ?>) ((Map<?, ?>) e.data()).get("transfer")).get("state");
    }

    /**
     * Issue 14 item 4, with issue 11's guarantee: the attempt is stored, room and all, in one commit
     * before the Redirect (a crash after it finds the attempt and settles it); the request's own
     * thread sends the Redirect; the Originate goes out on the thread that reads the Redirect's
     * confirmation before that thread returns; the ringing state is stored and pushed after that.
     */
    @Test
    void oneCommitBeforeTheRedirect_theOriginateOnTheThreadReadingItsConfirmation_theBookkeepingAfter()
            throws InterruptedException {
        List<String> journal = new CopyOnWriteArrayList<>();
        store.journal = journal;
        pbx.journal = journal;
        events.subscribe(e -> {
            if (e.type().startsWith("transfer.")) {
                journal.add("push " + typeAndState(e));
            }
        });
        pbx.holdJoins = true;

        TransferRecord t = request();

        String me = Thread.currentThread().getName();
        assertThat(t.room()).isEqualTo("70001");
        assertThat(journal).containsExactly("insert T1 70001 requested", "redirect call-1 70001 on " + me);
        // Killed now, the next run finds it (and fails it with server-restart and its work order).
        assertThat(store.unfinished()).extracting(TransferRecord::room).containsExactly("70001");

        Thread link = new Thread(() -> pbx.confirmJoin(0), "pbx-link");
        link.start();
        link.join();
        // Written by the time the confirming thread returns, before any bookkeeping (which may follow at once).
        assertThat(journal).hasSizeGreaterThanOrEqualTo(3);
        assertThat(journal.get(2)).isEqualTo("originate xfer-1-1 on pbx-link");

        await().atMost(Duration.ofSeconds(10)).until(() -> journal.size() >= 6);
        assertThat(journal.subList(3, journal.size()))
                .containsExactly(
                        "push transfer.progress requested", "update T1 ringing", "push transfer.progress ringing");
        // The ring timeout runs from the Originate: a silent leg still ends the attempt (R13).
        clock.advance(Duration.ofSeconds(30));
        assertThat(awaitFinished(t.id()).cause()).isEqualTo(FailureCause.TIMEOUT);
    }

    /** Issue 14 item 4: R10's counts are read after a transfer has started, for the next one, not on its request's path. */
    @Test
    void aRequestDecidesOnCountsReadAfterThePreviousTransferStarted() {
        pbx.refuseJoin = true; // the first attempt ends at once (caller gone), after its bookkeeping
        awaitFinished(request().id());
        await().atMost(Duration.ofSeconds(10)).until(() -> store.countQueries.get() == 2); // on its path, then after it
        pbx.refuseJoin = false;
        pbx.holdJoins = true;

        TransferRecord second = request();

        assertThat(second.state()).isEqualTo(State.REQUESTED);
        assertThat(store.countQueries)
                .as("no count on the second request's path")
                .hasValue(2);
    }

    /** R10 on a snapshot errs only towards refusing, so a refusal is checked again on fresh counts. */
    @Test
    void aStaleSnapshotNeverRefusesWhatFreshCountsAllow_R10() {
        // The day's budget is 4 (4% of the 100 calls expected without history): four attempts use it up.
        for (int i = 1; i <= 4; i++) {
            store.create(new TransferRecord(
                    0,
                    "old-" + i,
                    "13800000009",
                    "vat-credit-refund",
                    "增值税留抵退税",
                    "tax",
                    "税务局",
                    "7000" + i,
                    "8102",
                    T0,
                    State.RINGING,
                    null,
                    FIRST,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        assertThat(refusal(new TransferRequest("call-1", "vat-credit-refund", null), agent))
                .isEqualTo("threeway-budget-exhausted");
        // They fail: the snapshot still counts them, fresh counts do not.
        store.requestedBetween(T0, T0.plusSeconds(1))
                .forEach(t -> store.update(t.with(State.FAILED, FailureCause.BUSY, FIRST, null, T0, null)));

        TransferRecord t = request();

        assertThat(t.state()).isEqualTo(State.REQUESTED);
        assertThat(t.overrideBy()).isNull();
    }

    /** The CTI's own steps, timed with the test's clock: the commit, the PBX's Redirect and the Originate's write each move it. */
    @Test
    void theCtisOwnStepsOfTheSetupAreTimed() throws InterruptedException {
        pbx.holdJoins = true;
        store.onCommit = () -> clock.advance(Duration.ofMillis(3));
        request();
        clock.advance(Duration.ofMillis(7)); // Asterisk moves caller and agent
        pbx.onRing = () -> clock.advance(Duration.ofNanos(40_000));
        Thread link = new Thread(() -> pbx.confirmJoin(0), "pbx-link");
        link.start();
        link.join();

        assertThat(metrics.steps)
                .containsExactly(
                        "lock 0 µs",
                        "decide 0 µs",
                        "store 3000 µs",
                        "send 0 µs",
                        "request 3000 µs",
                        "originate 40 µs",
                        "redirect 7000 µs",
                        "own 3040 µs");
    }

    /**
     * Issue 14 item 4: "own" is one transfer's own part by itself (its ingress, request and
     * originate, not the PBX's Redirect), so its quantiles are per transfer.
     */
    @Test
    void theCtisOwnPartOfOneTransferIncludesItsIngress() throws InterruptedException {
        pbx.holdJoins = true;
        store.onCommit = () -> clock.advance(Duration.ofMillis(3));
        transfers.request(new TransferRequest("call-1", "vat-credit-refund", null), agent, Duration.ofMillis(2));
        clock.advance(Duration.ofMillis(7));
        pbx.onRing = () -> clock.advance(Duration.ofNanos(40_000));
        Thread link = new Thread(() -> pbx.confirmJoin(0), "pbx-link");
        link.start();
        link.join();

        assertThat(metrics.steps).first().isEqualTo("ingress 2000 µs");
        assertThat(metrics.steps).last().isEqualTo("own 5040 µs");
    }

    /** Issue 14 item 4: the start's transition line (a synchronous write) is written after the Redirect has gone, once. */
    @Test
    void theStartsLogLineIsWrittenAfterTheRedirectIsHandedOver() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(TransferService.class);
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> journalled =
                new ch.qos.logback.core.AppenderBase<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                        pbx.journal.add("log " + e.getFormattedMessage());
                    }
                };
        journalled.start();
        logger.addAppender(journalled);
        try {
            pbx.holdJoins = true;
            TransferRecord t = request();

            List<String> journal = List.copyOf(pbx.journal);
            assertThat(journal.get(0)).startsWith("redirect call-1 " + t.room());
            assertThat(journal.subList(1, journal.size()))
                    .singleElement()
                    .asString()
                    .startsWith("log ")
                    .contains(t.ref());
        } finally {
            logger.detachAppender(journalled);
        }
    }

    @Test
    void aCallerWhoHangsUpWhileTheRedirectIsOnItsWayGetsNoSpecialistRungButStillAWorkOrder() {
        pbx.holdJoins = true;
        TransferRecord t = request();
        transfers.callChanged(call, new TimelineEntry(T0, "ended", "8101", "caller hung up"));
        TransferRecord done = awaitFinished(t.id());
        assertThat(done.cause()).isEqualTo(FailureCause.CALLER_GONE);

        pbx.confirmJoin(0); // late: the attempt is over
        transfers.reconcile().join(); // runs after anything the confirmation queued on the transfers thread

        assertThat(pbx.rung).as("nobody rung into a room the caller left").isEmpty();
        assertThat(pbx.hungUp).as("never rung, so nothing to hang up").isEmpty();
        assertThat(orders.orders)
                .singleElement()
                .satisfies(o -> assertThat(o.cause().id()).isEqualTo("caller-gone"));
        assertThat(results()).hasSize(1);
    }

    @Test
    void requestsThePolicyOrTheCallRefuseCarryTheirStableIds() {
        Session other = new Session("t2", "8102", Role.AGENT, "8102", T0.plusSeconds(3600));
        assertThat(refusal(new TransferRequest("call-9", "vat-credit-refund", null), agent))
                .isEqualTo("no-such-call");
        assertThat(refusal(new TransferRequest("call-1", "vat-credit-refund", null), other))
                .isEqualTo("not-your-call");
        assertThat(refusal(
                        new TransferRequest("call-1", "vat-credit-refund", new SupervisorOverride("8101", "领导批准")),
                        agent))
                .isEqualTo("override-needs-supervisor");
        assertThat(refusal(new TransferRequest("call-1", "no-such-matter", null), agent))
                .isEqualTo("unknown-matter");
        assertThat(refusal(new TransferRequest("call-1", "tax-registration", null), agent))
                .isEqualTo("not-three-way");
        pbx.connected = false;
        assertThat(refusal(new TransferRequest("call-1", "vat-credit-refund", null), agent))
                .isEqualTo("ami-disconnected");
        pbx.connected = true;

        request();
        assertThat(refusal(new TransferRequest("call-1", "vat-credit-refund", null), agent))
                .isEqualTo("transfer-in-progress");
        assertThat(store.requestedBetween(T0, T0.plusSeconds(1))).hasSize(1);
    }

    private String refusal(TransferRequest r, Session by) {
        try {
            transfers.request(r, by);
        } catch (CtiException e) {
            return e.id();
        }
        throw new AssertionError("accepted: " + r);
    }
}
