package org.hotline.cti.app.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.CallListener;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.domain.calendar.DueWording;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.LegProgress;
import org.hotline.cti.domain.transfer.RingTarget;
import org.hotline.cti.domain.transfer.SupervisorOverride;
import org.hotline.cti.domain.transfer.TransferAttempt;
import org.hotline.cti.domain.transfer.TransferCommand;
import org.hotline.cti.domain.transfer.TransferDecision;
import org.hotline.cti.domain.transfer.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three-way transfers (R1): checks the request against the policy (R2, R3, R10), moves caller and
 * agent into a conference room, rings the department's targets in order, and follows the
 * specialist leg's own events to connected or failed. A failure leaves caller and agent talking
 * and creates a work order to the department (R13).
 *
 * <p>Attempt state is guarded by one lock. A request is handled on the caller's own thread (no
 * hand-off to wait for); PBX events, timers and retries run on the {@code transfers} thread. A
 * transfer's setup path is kept short (issue 14 item 4): the attempt is stored in one commit
 * before the Redirect (issue 11: a crash loses no transfer), the Originate goes out on the PBX
 * link's own thread the moment the Redirect is confirmed, and the rest (the attempt's ringing
 * state stored, the pushes) follows after the Originate has gone.
 */
public final class TransferService implements Telephony.LegListener, CallListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransferService.class);

    private final HotlineRules rules;
    private final java.util.function.Function<String, Optional<CallRecord>> liveCall;
    private final TransferStore store;
    private final Telephony pbx;
    private final TransferOutcomes outcomes;
    private final TransferSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "transfers");
        t.setDaemon(true);
        return t;
    });
    /** Guards every field below and every attempt's state. Never taken on the PBX link's thread. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Map<Long, Active> byId = new HashMap<>();
    private final Map<String, Active> byLeg = new HashMap<>();
    /**
     * Written under the lock; a concurrent map so that {@link #callChanged} can ask, from the call
     * model's thread and without the lock, whether an ended call has an attempt at all.
     */
    private final Map<String, Active> byCall = new ConcurrentHashMap<>();
    /**
     * Requests between their start and their release of the lock: one may be about to put its
     * call into {@link #byCall} (see {@link #callChanged}).
     */
    private final AtomicInteger requesting = new AtomicInteger();
    /** Tasks handed to the transfers thread by {@link #later} since start (tests: wake-ups spared). */
    private final AtomicLong handOffs = new AtomicLong();
    /** Attempts of an earlier run already settled by {@link #reconcile}, so a later reconnect does not settle them twice. */
    private final java.util.Set<Long> settled = new java.util.HashSet<>();
    /** R10's counts for requests, read off their path (issue 14 item 4). */
    private final DecisionCounts dayCounts;
    /** Writes a database outage refused, retried on the transfers thread (issue 11). */
    private final TransferWrites writes;

    private static final class Active {
        TransferAttempt attempt;
        TransferRecord record;
        String legId;
        /** The Asterisk node the call lives on: its room, so its specialist's leg, is there (issue 14 item 6). */
        String node;

        ScheduledFuture<?> deadline;
        /**
         * The first leg's Originate, which goes out on the PBX link's thread once the Redirect is
         * confirmed: sent, or cancelled first because the attempt ended meanwhile (then it is never
         * sent, and there is nothing to hang up). Later legs are sent at once.
         */
        final java.util.concurrent.atomic.AtomicReference<FirstRing> firstRing =
                new java.util.concurrent.atomic.AtomicReference<>(FirstRing.PENDING);
    }

    private enum FirstRing {
        PENDING,
        SENT,
        CANCELLED
    }

    public TransferService(
            HotlineRules rules,
            java.util.function.Function<String, Optional<CallRecord>> liveCall,
            TransferStore store,
            Telephony pbx,
            TransferOutcomes outcomes,
            TransferSettings settings,
            Clock clock) {
        this.rules = rules;
        this.liveCall = liveCall;
        this.store = store;
        this.pbx = pbx;
        this.outcomes = outcomes;
        this.settings = settings;
        this.clock = clock;
        pbx.addLegListener(this);
        this.writes = new TransferWrites(store, outcomes);
        this.dayCounts =
                new DecisionCounts(outcomes, () -> rules.now().calendar().zone());
        thread.scheduleWithFixedDelay(() -> locked(writes::retry), RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private void locked(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T lockedGet(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} on the transfers thread, holding the lock. */
    private void later(Runnable work) {
        handOffs.incrementAndGet();
        thread.execute(() -> locked(work));
    }

    /** How many tasks were handed to the transfers thread since start. */
    long handOffs() {
        return handOffs.get();
    }

    private static final long RETRY_SECONDS = 2;

    /** Attempts whose state or work order waits for the database (issue 11). */
    public int pendingWrites() {
        return lockedGet(writes::pending);
    }

    /**
     * Requests a transfer of the call for the matter; returns the started attempt or throws with a
     * stable id. Runs on the caller's thread: returns once the attempt is stored and the Redirect
     * handed to the PBX link.
     */
    public TransferRecord request(TransferRequest request, Session by) {
        return handle(request, by, Duration.ZERO);
    }

    private TransferRecord handle(TransferRequest request, Session by, Duration ingress) {
        Instant received = clock.instant();
        requesting.incrementAndGet(); // before the live call is read: see callChanged
        try {
            lock.lock();
            try {
                Instant locked = clock.instant();
                return doRequest(request.callId(), request.matter(), by, request.override(), received, locked, ingress);
            } finally {
                lock.unlock();
            }
        } finally {
            requesting.decrementAndGet();
        }
    }

    /**
     * {@link #request}, for an adapter that knows how long the request took to reach this service
     * ({@code ingress}: e.g. HTTP's hand-off to a request thread, the token check and the JSON
     * parse), so the setup's steps are timed from the moment it arrived (issue 14 item 4).
     */
    public TransferRecord request(TransferRequest request, Session by, Duration ingress) {
        outcomes.setupStep(TransferMetrics.SetupStep.INGRESS, ingress);
        return handle(request, by, ingress);
    }

    private TransferRecord doRequest(
            String callId,
            String matterCode,
            Session by,
            SupervisorOverride override,
            Instant received,
            Instant locked,
            Duration ingress) {
        CallRecord call = liveCall.apply(callId)
                .orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALL, "no live call with id '" + callId + "'"));
        if (call.answeredAt() == null) {
            throw new CtiException(
                    ErrorId.CALL_NOT_ANSWERED, "call " + callId + " has not been answered by an agent yet");
        }
        if (!by.role().atLeast(Role.SUPERVISOR) && !call.agent().equals(by.extension())) {
            throw new CtiException(
                    ErrorId.NOT_YOUR_CALL,
                    "call " + callId + " is with agent " + call.agent() + ", not " + by.extension());
        }
        if (override != null && !by.role().atLeast(Role.SUPERVISOR)) {
            // R10: only the duty supervisor may spend beyond the day's three-way budget, in their own name.
            throw new CtiException(
                    ErrorId.OVERRIDE_NEEDS_SUPERVISOR,
                    "only a duty supervisor may override the three-way budget; ask one to transfer this call");
        }
        if (byCall.containsKey(callId)) {
            throw new CtiException(
                    ErrorId.TRANSFER_IN_PROGRESS,
                    "call " + callId + " already has transfer "
                            + byCall.get(callId).record.ref() + " in progress");
        }
        if (!pbx.connected(call.node())) {
            // Issue 14 item 6: the call's own node must be reachable; another node being up does not help.
            throw new CtiException(ErrorId.AMI_DISCONNECTED, "the PBX link is down; try again in a moment");
        }
        Instant now = clock.instant();
        DecisionCounts.Estimate counts = dayCounts.now(now);
        TransferDecision decision = rules.now().policy().decide(matterCode, now, counts.counts(), override);
        if (!counts.fresh()
                && !(decision instanceof TransferDecision.Conference c
                        && c.override().isEmpty())) {
            // R10 on estimated counts only ever errs towards refusing: decide again on fresh ones.
            decision = rules.now().policy().decide(matterCode, now, dayCounts.fresh(now), override);
        }
        if (decision instanceof TransferDecision.Refused r) {
            throw new CtiException(r.errorId(), r.message());
        }
        if (decision instanceof TransferDecision.AnswerFromKb kb) {
            throw new CtiException(
                            ErrorId.NOT_THREE_WAY,
                            kb.matter().name() + " is answered from the knowledge base (R3): " + kb.answer())
                    .withDetails(Map.of("matter", kb.matter().code(), "answer", kb.answer()));
        }
        if (decision instanceof TransferDecision.WorkOrder wo) {
            var order = outcomes.offHoursWorkOrder(wo, call, by.user());
            // R2: the agent tells the caller by when the department will call: 今日 09:00 is not 次日 09:00.
            String dueText =
                    DueWording.of(order.signBy(), now, rules.now().calendar().zone());
            throw new CtiException(
                            wo.reasonId(),
                            wo.reason() + "; work order " + order.ref() + " dispatched to " + order.department()
                                    + ", due " + dueText)
                    .withDetails(Map.of("workOrder", outcomes.view(order), "dueText", dueText));
        }
        TransferDecision.Conference conf = (TransferDecision.Conference) decision;
        TransferRecord draft = new TransferRecord(
                0,
                callId,
                call.caller(),
                conf.matter().code(),
                conf.matter().name(),
                conf.department().code(),
                conf.department().name(),
                "",
                by.user(),
                now,
                TransferAttempt.State.REQUESTED,
                null,
                null,
                null,
                null,
                conf.override().map(SupervisorOverride::supervisor).orElse(null),
                conf.override().map(SupervisorOverride::reason).orElse(null),
                null);
        Instant decided = clock.instant();
        // Issue 11: stored before anything irreversible, so a crash loses no transfer; one commit with its room.
        TransferRecord stored = store.createNumbered(draft, id -> Long.toString(70_000 + id));
        Instant committed = clock.instant();
        dayCounts.stored();
        Active a = new Active();
        a.node = call.node();
        a.record = stored;
        // The start's transition line is written once the Redirect is on its way, not before it (issue 14 item 4).
        HeldLines startLines = new HeldLines();
        a.attempt = new TransferAttempt(stored.ref(), conf, call.caller(), clock, startLines);
        try {
            return start(a, stored, call, received, locked, decided, committed, ingress);
        } finally {
            startLines.release();
        }
    }

    /**
     * An attempt's transition lines, held while its request is on the setup's path and written after
     * (a log line is a synchronous write to the log). Used under the service's lock only.
     */
    private static final class HeldLines implements java.util.function.Consumer<Transition> {
        private java.util.List<Transition> held = new java.util.ArrayList<>(2);

        @Override
        public void accept(Transition t) {
            if (held != null) {
                held.add(t);
            } else {
                log.info("{}", t.logLine());
            }
        }

        void release() {
            java.util.List<Transition> lines = held;
            held = null;
            lines.forEach(this::accept);
        }
    }

    /** The stored attempt started: its first leg decided, the Redirect handed to the link, the Originate behind it. */
    private TransferRecord start(
            Active a,
            TransferRecord stored,
            CallRecord call,
            Instant received,
            Instant locked,
            Instant decided,
            Instant committed,
            Duration ingress) {
        String callId = call.id();
        byId.put(stored.id(), a);
        byCall.put(callId, a);
        // The first ring is decided now and followed from now (its events may come at any time);
        // it goes out as soon as the PBX has moved caller and agent into the room.
        Transition start = a.attempt.start();
        TransferCommand.RingNext first = start.commands().stream()
                .filter(TransferCommand.RingNext.class::isInstance)
                .map(TransferCommand.RingNext.class::cast)
                .findFirst()
                .orElseThrow();
        Telephony.Leg leg = follow(a, first);
        CompletableFuture<Void> moved;
        try {
            moved = pbx.joinConference(callId, stored.room());
        } catch (RuntimeException e) {
            moved = CompletableFuture.failedFuture(e);
        }
        Instant redirectSent = clock.instant();
        moved.thenRun(() -> {
                    // On the PBX link's thread, as it reads the Redirect's confirmation: no hand-off
                    // before the Originate (issue 14 item 4). Only the leg and the link are touched here.
                    Instant confirmed = clock.instant();
                    if (!a.firstRing.compareAndSet(FirstRing.PENDING, FirstRing.SENT)) {
                        return; // the attempt ended while the Redirect was on its way (the caller hung up)
                    }
                    try {
                        pbx.ring(leg);
                    } catch (RuntimeException e) {
                        log.warn("transfer {}: cannot ring {}: {}", stored.ref(), leg.target(), e.getMessage());
                    }
                    Duration originate = Duration.between(confirmed, clock.instant());
                    outcomes.setupStep(TransferMetrics.SetupStep.ORIGINATE, originate);
                    outcomes.setupStep(TransferMetrics.SetupStep.REDIRECT, Duration.between(redirectSent, confirmed));
                    outcomes.setupStep(
                            TransferMetrics.SetupStep.OWN,
                            ingress.plus(Duration.between(received, redirectSent))
                                    .plus(originate));
                })
                .whenCompleteAsync((v, e) -> locked(() -> afterMove(a, leg, first, e)), thread);
        outcomes.setupStep(TransferMetrics.SetupStep.LOCK, Duration.between(received, locked));
        outcomes.setupStep(TransferMetrics.SetupStep.DECIDE, Duration.between(locked, decided));
        outcomes.setupStep(TransferMetrics.SetupStep.STORE, Duration.between(decided, committed));
        outcomes.setupStep(TransferMetrics.SetupStep.SEND, Duration.between(committed, redirectSent));
        outcomes.setupStep(TransferMetrics.SetupStep.REQUEST, Duration.between(received, redirectSent));
        return stored;
    }

    /**
     * The bookkeeping of a transfer's start, after the Originate has gone: the ringing state stored
     * and pushed. Or, when the call could not be moved into the room, the attempt fails as
     * caller-gone (the leg was never rung).
     */
    private void afterMove(Active a, Telephony.Leg leg, TransferCommand.RingNext first, Throwable error) {
        try {
            started(a, leg, first, error);
        } finally {
            refreshDayCounts();
        }
    }

    /** The next request decides on a snapshot read here, off its path (issue 14 item 4). */
    private void refreshDayCounts() {
        try {
            dayCounts.fresh(clock.instant());
        } catch (RuntimeException e) {
            log.debug("day counts not refreshed ({}); the next request reads them", e.getMessage());
        }
    }

    private void started(Active a, Telephony.Leg leg, TransferCommand.RingNext first, Throwable error) {
        if (a.attempt.finished()) {
            return; // the caller hung up meanwhile: already settled, stored and pushed
        }
        if (error != null) {
            log.warn(
                    "transfer {}: cannot move the call into room {}: {}",
                    a.record.ref(),
                    a.record.room(),
                    rootMessage(error));
            if (leg.id().equals(a.legId)) {
                byLeg.remove(leg.id()); // never rung: nothing to hang up
                a.legId = null;
            }
            outcomes.progress(a.record);
            apply(a, a.attempt.callerGone());
            return;
        }
        if (!leg.id().equals(a.legId)) {
            return; // its events moved the attempt on already (e.g. a refused Originate rang the next number)
        }
        watch(a, leg.id(), first.target());
        outcomes.progress(a.record);
        record(a, first.target().number());
    }

    private void apply(Active a, Transition t) {
        String target = a.attempt.currentTarget().map(x -> x.number()).orElse(a.record.target());
        for (TransferCommand c : t.commands()) {
            if (c instanceof TransferCommand.RingNext ring) {
                Telephony.Leg leg = follow(a, ring);
                pbx.ring(leg);
                watch(a, leg.id(), ring.target());
                target = ring.target().number();
            } else if (c instanceof TransferCommand.CancelRing) {
                cancelLeg(a);
            } else if (c instanceof TransferCommand.CreateWorkOrder order) {
                Long orderId = writes.workOrder(order, a.record);
                a.record = a.record.withWorkOrder(target, orderId);
            }
        }
        record(a, target);
    }

    /** Stores and pushes the attempt's state; a finished attempt lets go of its call. */
    private void record(Active a, String target) {
        Instant now = clock.instant();
        TransferAttempt.State state = a.attempt.state();
        a.record = switch (state) {
            case CONNECTED -> a.record.with(state, null, target, now, now, a.record.workOrderId());
            case FAILED ->
                a.record.with(state, a.attempt.cause().orElseThrow(), target, null, now, a.record.workOrderId());
            case REQUESTED, RINGING -> a.record.with(state, null, target, null, null, a.record.workOrderId());
        };
        save(a.record);
        outcomes.progress(a.record);
        if (a.record.finished()) {
            finish(a);
        }
    }

    /** The leg to ring for {@code ring}, its events followed from now. */
    private Telephony.Leg follow(Active a, TransferCommand.RingNext ring) {
        cancelDeadline(a);
        String legId = legPrefix(a.record.id()) + ring.ordinal();
        a.legId = legId;
        byLeg.put(legId, a);
        var target = ring.target();
        return new Telephony.Leg(
                legId,
                settings.dialTarget(target.number()),
                target.ringTimeout(),
                "hotline-conference-specialist",
                a.record.room(),
                settings.callerIdName(),
                a.record.caller(),
                Map.of("HOTLINE_TRANSFER", a.record.ref()),
                a.node);
    }

    /** A leg that has been sent: if the PBX never reports on it, the attempt must still end (R13: work order within 5 min). */
    private void watch(Active a, String legId, RingTarget target) {
        cancelDeadline(a);
        a.deadline = thread.schedule(
                () -> locked(() -> {
                    if (legId.equals(a.legId) && a.attempt.state() == TransferAttempt.State.RINGING) {
                        cancelLeg(a);
                        apply(a, a.attempt.failed(FailureCause.TIMEOUT));
                    }
                }),
                target.ringTimeout().plus(settings.legGrace()).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void cancelLeg(Active a) {
        if (a.legId != null) {
            // A first leg still waiting for the Redirect is simply never sent: nothing to hang up.
            if (!a.firstRing.compareAndSet(FirstRing.PENDING, FirstRing.CANCELLED)) {
                pbx.hangUp(a.legId);
            }
            byLeg.remove(a.legId);
        }
    }

    private void save(TransferRecord r) {
        writes.save(r);
    }

    private void finish(Active a) {
        settled.add(a.record.id()); // finished here: never "left over" at a later reconnect, stored or not yet
        a.firstRing.compareAndSet(FirstRing.PENDING, FirstRing.CANCELLED); // over: its first leg is never sent
        cancelDeadline(a);
        byId.remove(a.record.id());
        byCall.remove(a.record.callId());
        if (a.legId != null) {
            byLeg.remove(a.legId);
        }
        outcomes.finished(a.record);
    }

    private static void cancelDeadline(Active a) {
        if (a.deadline != null) {
            a.deadline.cancel(false);
            a.deadline = null;
        }
    }

    @Override
    public void onLeg(Telephony.LegEvent e) {
        if (e.legId().startsWith("xfer-")) {
            later(() -> onLegEvent(e));
        }
    }

    private void onLegEvent(Telephony.LegEvent e) {
        Active a = byLeg.get(e.legId());
        if (a == null || !e.legId().equals(a.legId) || a.attempt.state() != TransferAttempt.State.RINGING) {
            return;
        }
        switch (e.kind()) {
            case RINGING -> outcomes.legProgress(a.record, LegProgress.RINGING);
            case ANSWERED -> outcomes.legProgress(a.record, LegProgress.ANSWERED);
            // R1: connected only when the specialist's own leg has joined the conference.
            case JOINED -> apply(a, a.attempt.answered());
            case FAILED, ENDED -> {
                byLeg.remove(e.legId());
                a.legId = null;
                apply(a, a.attempt.failed(failureOf(e.cause())));
            }
        }
    }

    /**
     * An ended call stops its transfer, if it has one (the caller is gone). Issue 14 item 4: most
     * ended calls have none, and no longer wake the transfers thread to find that out. Without the
     * lock (this is the call model's thread): the call is skipped only when no request is between
     * its start and the lock's release and {@link #byCall} holds no attempt for it. The
     * compare-and-set is a write ordered before any later request's start, so a request that
     * starts after it finds the call no longer live (the model removed it before telling us) and
     * is refused; one that finished before it had put its attempt in {@link #byCall} already.
     */
    @Override
    public void callChanged(CallRecord call, TimelineEntry step) {
        if ("ended".equals(step.kind())) {
            if (requesting.compareAndSet(0, 0) && !byCall.containsKey(call.id())) {
                return;
            }
            later(() -> {
                Active a = byCall.get(call.id());
                if (a != null
                        && (a.attempt.state() == TransferAttempt.State.REQUESTED
                                || a.attempt.state() == TransferAttempt.State.RINGING)) {
                    apply(a, a.attempt.callerGone());
                }
            });
        }
    }

    /**
     * After every (re)connect to the PBX, asks the PBX about each attempt whose leg events may have
     * been missed while the link was down: a leg in the room connected (R1), a leg gone failed (the
     * next target is rung), a leg still ringing carries on. Attempts an earlier run left unfinished
     * (the CTI was stopped or killed) are settled: connected when their specialist is in the room,
     * else failed with cause {@code server-restart} and their R13 work order, so none stays open
     * and the day's counts include them. Completes when every check is done.
     */
    public CompletableFuture<Void> reconcile() {
        return CompletableFuture.supplyAsync(() -> lockedGet(this::checkAll), thread)
                .thenCompose(f -> f);
    }

    private CompletableFuture<Void> checkAll() {
        java.util.List<CompletableFuture<?>> checks = new java.util.ArrayList<>();
        for (Active a : new java.util.ArrayList<>(byId.values())) {
            String leg = a.legId;
            if (leg == null || a.attempt.state() != TransferAttempt.State.RINGING) {
                continue;
            }
            checks.add(pbx.legPresence(leg, a.record.room())
                    .thenAcceptAsync(
                            p -> locked(() -> {
                                if (!leg.equals(a.legId) || a.attempt.state() != TransferAttempt.State.RINGING) {
                                    return; // its events arrived meanwhile
                                }
                                if (p.where() == Telephony.LegPresence.Where.IN_ROOM) {
                                    apply(a, a.attempt.answered());
                                } else if (p.where() == Telephony.LegPresence.Where.GONE) {
                                    byLeg.remove(leg);
                                    a.legId = null;
                                    apply(a, a.attempt.failed(FailureCause.NO_ANSWER));
                                }
                            }),
                            thread));
        }
        for (TransferRecord r : store.unfinished()) {
            if (byId.containsKey(r.id()) || settled.contains(r.id())) {
                continue;
            }
            checks.add(pbx.legPresence(legPrefix(r.id()), r.room())
                    .thenAcceptAsync(p -> locked(() -> settleLeftOver(r, p)), thread));
        }
        return CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0]))
                .exceptionally(e -> {
                    log.warn(
                            "transfer check after reconnect incomplete ({}); the next reconnect checks again",
                            rootMessage(e));
                    return null;
                });
    }

    private void settleLeftOver(TransferRecord r, Telephony.LegPresence p) {
        if (!settled.add(r.id())) {
            return;
        }
        boolean inRoom = p.where() == Telephony.LegPresence.Where.IN_ROOM;
        if (p.where() == Telephony.LegPresence.Where.ALIVE) {
            pbx.hangUp(p.legId()); // nobody follows it any more: it must not join a room later unseen
        }
        Transition t = TransferAttempt.afterRestart(
                r.ref(),
                r.state(),
                inRoom,
                r.department(),
                r.matter(),
                r.caller(),
                clock,
                x -> log.info("{}", x.logLine()));
        Instant now = clock.instant();
        TransferRecord done;
        if (inRoom) {
            done = r.with(TransferAttempt.State.CONNECTED, null, r.target(), now, now, r.workOrderId());
        } else {
            Long order = r.workOrderId();
            for (TransferCommand c : t.commands()) {
                if (c instanceof TransferCommand.CreateWorkOrder wo) {
                    order = writes.workOrder(wo, r);
                }
            }
            done = r.with(TransferAttempt.State.FAILED, FailureCause.SERVER_RESTART, r.target(), null, now, order);
        }
        save(done);
        outcomes.finished(done);
    }

    private static String legPrefix(long attemptId) {
        return "xfer-" + attemptId + "-";
    }

    public Optional<TransferRecord> find(long id) {
        return store.find(id);
    }

    /** A leg that ended without joining: a "normal" clearing before answer means nobody picked up. */
    static FailureCause failureOf(Telephony.LegCause cause) {
        if (cause == null) {
            return FailureCause.UNAVAILABLE;
        }
        return switch (cause) {
            case NORMAL, NO_ANSWER -> FailureCause.NO_ANSWER;
            case BUSY -> FailureCause.BUSY;
            case CONGESTION -> FailureCause.CONGESTION;
            case REJECTED -> FailureCause.REJECTED;
            case UNAVAILABLE -> FailureCause.UNAVAILABLE;
        };
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
