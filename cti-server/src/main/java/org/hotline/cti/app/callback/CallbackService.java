package org.hotline.cti.app.callback;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.CallListener;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.CallbackRules;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.domain.callback.OverdueCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R11 missed-call callbacks: turns every ended call into a miss (folded per caller number) or an
 * "answered again" mark, and runs the supervisor's workflow (dial, result, close). Every change is
 * stored before it is published as {@code callback.assigned} / {@code callback.updated}. Changes
 * are serialised by this object's lock, so one number never gets two open callbacks.
 */
public final class CallbackService implements CallListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackService.class);

    private final OpenCallbackNumbers store;
    private final RosterService roster;
    private final CallbackRules rules;
    private final LiveEvents events;
    private final Clock clock;
    private final ExecutorService intake = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callbacks");
        t.setDaemon(true);
        return t;
    });

    public CallbackService(
            CallbackStore store, RosterService roster, CallbackRules rules, LiveEvents events, Clock clock) {
        this.store = new OpenCallbackNumbers(store); // loads the numbers with an open callback (one read)
        this.roster = roster;
        this.rules = rules;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Nodes with a CEL recovery ({@link MissedCallRecovery}): a call a resync closes there as
     * "lost" waits for the recovery pass that resync triggers, which knows whether it was a miss.
     */
    private final Set<String> deferringNodes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Lost calls waiting for their node's recovery pass, by node key, then call id. */
    private final java.util.Map<String, java.util.Map<String, CallRecord>> deferred =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * R11: calls a resync closes blind on {@code node} (null: calls without a node) are held for
     * that node's recovery pass instead of being folded at once, so a call answered while the CTI
     * was down (its answer lost with the server) never gets a callback, nor its supervisor a
     * {@code callback.assigned} push. The pass must hand back every held call it takes
     * ({@link #takeDeferred}): corrected, or folded as a miss.
     */
    public void deferLostCalls(String node) {
        deferringNodes.add(nodeKey(node));
    }

    /**
     * The lost calls held for {@code node}'s recovery pass so far, removed from the hold: the
     * caller now owns them and must correct or fold ({@link #callEnded}) every one.
     */
    public java.util.Map<String, CallRecord> takeDeferred(String node) {
        java.util.Map<String, CallRecord> held = deferred.remove(nodeKey(node));
        return held == null ? new java.util.LinkedHashMap<>() : held;
    }

    private static String nodeKey(String node) {
        return node == null ? "" : node;
    }

    private boolean deferred(CallRecord call) {
        if (!call.endedUnseen() || call.outcome() == CallOutcome.ANSWERED) {
            return false;
        }
        String key = nodeKey(call.node());
        if (!deferringNodes.contains(key)) {
            return false; // no CEL for this node: nothing will ever say otherwise, fold now
        }
        // Under the map's lock, so a pass taking this node's calls at the same moment gets it or leaves it.
        deferred.compute(key, (k, held) -> {
            java.util.Map<String, CallRecord> next = held == null ? new java.util.LinkedHashMap<>() : held;
            next.put(call.id(), call);
            return next;
        });
        log.info(
                "call {} from {} closed blind on node {}: its callback waits for the PBX's records (R11)",
                call.id(),
                call.caller(),
                key);
        return true;
    }

    /**
     * From the call tracker's thread: hand the ended call to our own thread, never block the model.
     * A call closed blind on a node with a CEL recovery is held for that recovery (see
     * {@link #deferLostCalls}); it is held here, on the tracker's thread, so it is held before the
     * resync that closed it tells the recovery to run.
     */
    @Override
    public void callChanged(CallRecord call, TimelineEntry step) {
        if ("ended".equals(step.kind())) {
            if (deferred(call) || nothingToDo(call)) {
                return;
            }
            handOff(() -> {
                try {
                    callEnded(call);
                } catch (RuntimeException e) {
                    log.error(
                            "call {} from {} not turned into a callback: {}", call.id(), call.caller(), e.getMessage());
                }
            });
        }
    }

    /**
     * Issue 14 item 4: whether {@code callEnded(call)} would neither read nor change anything, so
     * the call need not wake the callbacks thread (most calls: answered by a caller with no
     * callback open). Decided on the tracker's thread from memory, no database read:
     * <ul>
     *   <li>neither answered nor a miss ({@link CallbackRules#miss} is pure): nothing to fold;
     *   <li>answered, and its number has no open callback ({@link OpenCallbackNumbers}, kept by
     *       every write) while nothing handed over earlier is still waiting or running on the
     *       callbacks thread: that earlier work could be the miss that opens this number's callback,
     *       which the answer must then mark "answered again" (R11), as it would in this thread's order.
     * </ul>
     * Paths that open a callback from other threads (the CEL recovery) race with the tracker today
     * too: skipping here is the order in which the answer came first.
     */
    private boolean nothingToDo(CallRecord call) {
        if (call.outcome() != CallOutcome.ANSWERED) {
            return rules.miss(call).isEmpty();
        }
        // The count first: a task counted out before this read wrote the set before its count dropped.
        return queued.get() == 0 && !store.hasOpen(call.caller());
    }

    /** Tasks handed to the callbacks thread and not yet done, to keep {@link #nothingToDo} in this thread's order. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Ended calls (and PBX events) handed to the callbacks thread since start (tests: wake-ups spared). */
    private final AtomicLong handOffs = new AtomicLong();

    private void handOff(Runnable work) {
        handOffs.incrementAndGet();
        queued.incrementAndGet();
        try {
            intake.execute(() -> {
                try {
                    work.run();
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            throw e;
        }
    }

    /** How many tasks were handed to the callbacks thread since start. */
    long handOffs() {
        return handOffs.get();
    }

    /** Runs {@code work} on the callbacks thread (for PBX events, which must not wait on the database). */
    public void inBackground(Runnable work) {
        handOff(work);
    }

    /** Completes once every ended call handed over so far is processed (tests, orderly stop). */
    public CompletableFuture<Void> idle() {
        return CompletableFuture.runAsync(() -> {}, intake);
    }

    /** A call ended (seen live or recovered from the PBX): fold a miss, or mark the number answered again. */
    public synchronized Optional<Callback> callEnded(CallRecord call) {
        if (call.outcome() == CallOutcome.ANSWERED) {
            if (!store.hasOpen(call.caller())) {
                return Optional.empty(); // openFor would find nothing: the set is kept by every write (no DB read)
            }
            return store.openFor(call.caller()).map(cb -> {
                Callback next = cb.answeredAgain(call.id(), call.arrivedAt());
                if (next != cb) {
                    store.update(next);
                    log.info("callback {}: {} called again and was answered by {}", cb.id(), cb.number(), call.agent());
                    updated(next);
                }
                return next;
            });
        }
        Optional<Miss> miss = rules.miss(call);
        if (miss.isEmpty() || store.hasMiss(call.id())) {
            return Optional.empty(); // not a miss, or this call was folded in already (live and recovered meet)
        }
        Optional<Callback> open = store.openFor(call.caller());
        if (open.isPresent()) {
            Callback next = open.get().fold(miss.get());
            store.update(next);
            log.info(
                    "callback {}: miss #{} from {} ({})",
                    next.id(),
                    next.missCount(),
                    next.number(),
                    miss.get().reason());
            updated(next);
            return Optional.of(next);
        }
        Callback cb = store.insert(Callback.open(
                call.caller(),
                miss.get(),
                CallbackRules.assign(roster.current(), miss.get().at())));
        log.info(
                "callback {}: missed call from {} ({}) -> {} due {}",
                cb.id(),
                cb.number(),
                miss.get().reason(),
                cb.supervisor(),
                cb.dueAt());
        if (cb.supervisorExtension() != null) {
            events.publish(LiveEvents.Event.toExtension(
                    "callback.assigned", CallbackView.of(cb, clock.instant()), cb.supervisorExtension()));
        }
        updated(cb);
        return Optional.of(cb);
    }

    /** Why a "miss" was not one: an agent answered while the CTI was blind (the PBX's records say so). */
    public static final String ANSWERED_UNSEEN = "answered-unseen";

    /**
     * A call closed blind was corrected from the PBX's records ({@link org.hotline.cti.domain.call.CallCorrection}).
     * Still a miss: its reason is corrected (queue-timeout, caller-hangup… instead of lost). Answered
     * after all: the miss is marked {@value #ANSWERED_UNSEEN}, and a callback that has nothing else
     * to do (that was its only miss, no attempt yet) is closed as {@code not-missed} (R11: a caller
     * who was served is not called back; one who was not is never dropped).
     */
    public synchronized void callCorrected(CallRecord corrected) {
        Optional<Callback> holder = store.withMiss(corrected.id());
        if (holder.isEmpty()) {
            callEnded(corrected); // it was no miss before (answered, then ended blind): the usual path
            return;
        }
        Callback cb = holder.get();
        Optional<Miss> miss = rules.miss(corrected);
        String reason = miss.map(Miss::reason).orElse(ANSWERED_UNSEEN);
        Callback next = cb.withMissReason(corrected.id(), reason);
        if (!next.equals(cb)) {
            store.update(next);
            log.info(
                    "callback {}: call {} from {} corrected from the PBX's records: {}",
                    cb.id(),
                    corrected.id(),
                    cb.number(),
                    miss.isPresent() ? "missed (" + reason + ")" : "answered by " + corrected.agent());
        }
        if (miss.isEmpty() && next.onlyUntouchedMiss(corrected.id())) {
            save(
                    next,
                    next.closeNotMissed("交换机记录显示该来电已由坐席 " + corrected.agent() + " 接听（CTI 当时未连接）", clock.instant()),
                    "not missed (answered by " + corrected.agent() + ")");
        } else {
            if (!next.equals(cb)) {
                updated(next);
            }
            if (miss.isEmpty()) {
                callEnded(corrected); // answered: marks the number's open callback "answered again"
            }
        }
    }

    /**
     * Whether a missed call from {@code number} still waits for its callback (R11; caller
     * recognition at arrival): from memory, no database read (issue 14 item 4).
     */
    public boolean pendingFor(String number) {
        return store.hasOpen(number);
    }

    /** How many numbers have a callback open (kept in memory). */
    public int numbersWithOpenCallback() {
        return store.size();
    }

    public Callback get(long id) {
        return store.find(id).orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALLBACK, "no callback " + id));
    }

    public List<Callback> list(Set<CallbackStatus> states) {
        return store.list(states);
    }

    /** R11: the supervisor's result for the caller; see {@link Callback#record}. */
    public synchronized Callback record(long id, CallbackResult result, String note, String by) {
        Callback before = get(id);
        Callback next = before.record(result, note, by, clock.instant());
        return save(before, next, "result " + result.wireName() + " by " + by);
    }

    /** Closes a callback whose number called again and was answered. */
    public synchronized Callback closeAnsweredAgain(long id, String note, String by) {
        Callback before = get(id);
        return save(before, before.closeAnsweredAgain(note, by, clock.instant()), "close (answered again) by " + by);
    }

    synchronized Callback dialStarted(long id, String leg, String extension) {
        Callback before = get(id);
        return save(before, before.dialling(leg, extension), "dial from " + extension);
    }

    synchronized void dialEnded(String leg, String how) {
        for (Callback cb : store.list(EnumSet.of(CallbackStatus.DIALLING))) {
            if (leg.equals(cb.dialLeg())) {
                save(cb, cb.dialEnded(leg, how), "dial " + how);
            }
        }
    }

    private Callback save(Callback before, Callback next, String trigger) {
        store.update(next);
        // One line per transition, from -> trigger -> to (STYLE: wazo-calld transfers).
        log.info(
                "callback {}: {} -> {} -> {}",
                next.id(),
                before.status().wireName(),
                trigger,
                next.status().wireName());
        updated(next);
        return next;
    }

    private void updated(Callback cb) {
        events.publish(LiveEvents.Event.broadcast("callback.updated", CallbackView.of(cb, clock.instant())));
    }

    /** For /api/stats/today and the gauges: open callbacks, and those past 24 h (R11). */
    public CallbackStats stats() {
        return store.stats(clock.instant());
    }

    /** As {@link #stats()} stood at {@code at}: the past day's report (R18). */
    public CallbackStats statsAt(java.time.Instant at) {
        return CallbackStats.asOf(
                store.list(java.util.EnumSet.allOf(org.hotline.cti.domain.callback.CallbackStatus.class)), at);
    }

    /**
     * R18: the daily report's section: callbacks overdue at the end of {@code day} (or now, if
     * earlier) with the supervisor responsible, and those done late that day.
     */
    public List<OverdueCallback> overdueReport(LocalDate day, ZoneId zone) {
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        return store.overdue(start, end.isBefore(now) ? end : now);
    }

    @Override
    public void close() {
        intake.shutdown();
        try {
            intake.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // Stopping anyway; whoever interrupted us is told so (the flag stays set).
            Thread.currentThread().interrupt();
        }
    }
}
