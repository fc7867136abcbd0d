package org.hotline.cti.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallSnapshot;
import org.hotline.cti.domain.call.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live call model. Every change happens on one thread, in the order events arrived, so no
 * locks are needed and history is written in order. Each change is stored, then told to the
 * listeners. That thread is a thread of its own ({@code call-model}) unless one is given: the
 * server gives the AMI event loop (issue 14 item 4), where the events of a network read are
 * queued as the read ends and applied in the same turn of the loop, with no thread woken. So
 * nothing here, nor in a {@link CallListener}, may wait on the database or on a lock held across
 * I/O: the AMI stream would stop behind it.
 * <p>
 * After every (re)connect to the PBX, {@link #reconcile} compares what we know with what Asterisk
 * says: calls we missed are adopted, calls that ended unseen are closed, and nothing is stored
 * twice.
 * <p>
 * Issue 14 item 6: calls live on several Asterisk nodes. A call is keyed by its node and the
 * caller channel's uniqueid (the AMI adapter makes the id unique across nodes); each node has its
 * own connection generation, so one node's drop, resync or restart touches only that node's calls.
 */
public final class CallTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallTracker.class);

    private final CallStore store;
    private final Clock clock;
    /** Where every change runs, one task after another in the order queued. */
    private final Executor thread;
    /** {@link #thread} when this tracker made it (and so stops it), else null. */
    private final ExecutorService owned;

    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Tracked> live = new HashMap<>();
    /** Calls ended lately, so a resync snapshot taken just before their hang-up cannot revive them. */
    private final Map<String, Boolean> recentlyEnded = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    private final LiveView view = new LiveView();
    /** Work counters (issue 14 item 4): tasks handed to the model's thread, events applied, steps told to listeners. */
    private final java.util.concurrent.atomic.LongAdder tasks = new java.util.concurrent.atomic.LongAdder();

    private final java.util.concurrent.atomic.LongAdder applied = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder stepCount = new java.util.concurrent.atomic.LongAdder();
    /** The current connection generation of each node. */
    private final Map<String, Long> generations = new HashMap<>();
    /** The node a call belongs to when nothing says otherwise: the single node, or the first one listed. */
    private final String firstNode;

    private static final class Tracked {
        final Call call;
        final String node;
        long generation;

        Tracked(Call call, String node, long generation) {
            this.call = call;
            this.node = node;
            this.generation = generation;
        }
    }

    /** The default name of the single (or first) Asterisk node. */
    public static final String FIRST_NODE = "pbx1";

    public CallTracker(CallStore store, Clock clock) {
        this(store, clock, FIRST_NODE);
    }

    /** {@code firstNode}: the node of calls stored before nodes had names, and of events submitted without one. */
    public CallTracker(CallStore store, Clock clock, String firstNode) {
        this(store, clock, firstNode, null);
    }

    /**
     * {@code model}: runs the model's tasks one at a time, in the order they were queued (a
     * single-thread executor, such as the AMI event loop), or null for a {@code call-model}
     * thread of this tracker's own. A given executor is not stopped by {@link #close}.
     */
    public CallTracker(CallStore store, Clock clock, String firstNode, Executor model) {
        this.store = store;
        this.clock = clock;
        this.firstNode = firstNode;
        if (model == null) {
            this.owned = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "call-model");
                t.setDaemon(true);
                return t;
            });
            this.thread = owned;
        } else {
            this.owned = null;
            this.thread = model;
        }
    }

    public void addListener(CallListener l) {
        listeners.add(l);
    }

    /**
     * Loads calls left open by a previous run; the next reconcile decides their fate. The database
     * is read on the calling thread (never on the model's), the calls taken in on the model's.
     */
    public CompletableFuture<Integer> restoreOpenCalls() {
        List<CallRecord> open;
        try {
            open = store.open();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    for (CallRecord r : open) {
                        String node = r.node() == null ? firstNode : r.node();
                        Tracked t = new Tracked(r.toCall().atNode(node), node, 0);
                        live.put(r.id(), t);
                        view.put(CallRecord.of(t.call));
                    }
                    return open.size();
                },
                thread);
    }

    /** Hands an event from the first (or only) node to the model's thread; returns at once. */
    public void submit(CallEvent e) {
        submit(firstNode, e);
    }

    /** Hands an event seen on {@code node} to the model's thread; returns at once (queued behind everything before it). */
    public void submit(String node, CallEvent e) {
        tasks.increment();
        thread.execute(() -> apply(node, e));
    }

    /**
     * Hands events seen on {@code node}, in order, to the model's thread as one task: one hand-off
     * (and at most one wake-up of that thread) for a whole network read's worth of events instead
     * of one per event (issue 14 item 2). Applied exactly as {@link #submit(String, CallEvent)}
     * one by one would; {@code events} must not change afterwards.
     */
    public void submitAll(String node, List<CallEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        tasks.increment();
        thread.execute(() -> {
            for (CallEvent e : events) {
                try {
                    apply(node, e);
                } catch (RuntimeException ex) {
                    // One bad event must not cost the rest of the read (submit's own task would
                    // have failed alone too).
                    log.error("call event {} on node {} not applied", e, node, ex);
                }
            }
        });
    }

    /** A new connection to the first (or only) node is up. */
    public void connected(long gen) {
        connected(firstNode, gen);
    }

    /** A new connection to {@code node} is up: that node's calls seen from now on belong to {@code gen}. */
    public void connected(String node, long gen) {
        thread.execute(() -> generations.put(node, gen));
    }

    /**
     * The AMI connection to {@code node} dropped: its live calls are marked unknown (the live list
     * and dashboard say so) until its next resync; other nodes' calls are untouched (issue 14 item 6).
     */
    public CompletableFuture<Integer> nodeDown(String node) {
        return CompletableFuture.supplyAsync(
                () -> {
                    int n = 0;
                    for (Tracked t : live.values()) {
                        if (t.node.equals(node) && !t.call.unknown()) {
                            t.call.nodeLost();
                            view.put(CallRecord.of(t.call));
                            n++;
                        }
                    }
                    if (n > 0) {
                        log.warn(
                                "node {} unreachable: {} live call(s) on it are unknown until it is resynchronised",
                                node,
                                n);
                    }
                    return n;
                },
                thread);
    }

    /** Runs {@code task} on the model's thread after everything submitted so far. */
    public CompletableFuture<Void> barrier() {
        return CompletableFuture.runAsync(() -> {}, thread);
    }

    private void apply(String node, CallEvent e) {
        applied.increment();
        Tracked t = live.get(e.callId());
        long generation = generations.getOrDefault(node, 0L);
        if (e instanceof CallEvent.Arrived a) {
            if (t != null || recentlyEnded.containsKey(a.callId())) {
                return;
            }
            Call call = new Call(a.callId(), a.caller(), a.dialed(), a.at()).atNode(node);
            t = new Tracked(call, node, generation);
            live.put(call.id(), t);
            changed(call, call.timeline());
            return;
        }
        if (t == null || !t.node.equals(node)) {
            return; // not an enterprise call (an agent leg, a specialist leg, a dial-test…), or another node's
        }
        if (!(e instanceof CallEvent.PbxStopping)) {
            t.generation =
                    generation; // seen on this connection (a PBX stopping says the call is going, not that it is there)
        }
        Optional<TimelineEntry> step = t.call.apply(e);
        if (step.isPresent()) {
            changed(t.call, List.of(step.get()));
        }
        if (t.call.ended()) {
            live.remove(t.call.id());
            recentlyEnded.put(t.call.id(), Boolean.TRUE);
            view.remove(t.call);
        }
    }

    /**
     * Brings the model in line with the PBX's own list of live calls, taken on connection
     * {@code gen}. Runs on the model's thread.
     */
    public CompletableFuture<Void> reconcile(long gen, List<CallSnapshot> snapshot) {
        return reconcile(firstNode, gen, snapshot);
    }

    /**
     * Brings {@code node}'s calls in line with that node's own list of live calls, taken on its
     * connection {@code gen}; other nodes' calls are left alone. Runs on the model's thread.
     */
    public CompletableFuture<Void> reconcile(String node, long gen, List<CallSnapshot> snapshot) {
        return CompletableFuture.runAsync(() -> doReconcile(node, gen, snapshot), thread);
    }

    private void doReconcile(String node, long gen, List<CallSnapshot> snapshot) {
        Instant now = clock.instant();
        Map<String, CallSnapshot> byId = new HashMap<>();
        snapshot.forEach(s -> byId.put(s.callId(), s));
        int adopted = 0;
        int closed = 0;
        for (Tracked t : new ArrayList<>(live.values())) {
            if (!t.node.equals(node)) {
                continue; // another node's call: that node's own resync decides
            }
            CallSnapshot s = byId.remove(t.call.id());
            if (s != null) {
                t.generation = gen;
                t.call.nodeResynced();
                List<TimelineEntry> steps = catchUp(t.call, s, now);
                if (!steps.isEmpty()) {
                    changed(t.call, steps);
                } else {
                    view.put(CallRecord.of(t.call)); // the caller's number may have been learnt without a step
                }
            } else if (t.generation < gen) {
                // Not on the PBX and not seen since this connection began: it ended while we were blind.
                t.call.endUnseen(now, Call.ENDED_UNSEEN).ifPresent(step -> changed(t.call, List.of(step)));
                live.remove(t.call.id());
                recentlyEnded.put(t.call.id(), Boolean.TRUE);
                view.remove(t.call);
                closed++;
            }
        }
        for (CallSnapshot s : byId.values()) {
            if (recentlyEnded.containsKey(s.callId())) {
                continue;
            }
            Call call = new Call(s.callId(), s.caller(), s.dialed(), s.since()).atNode(node);
            live.put(call.id(), new Tracked(call, node, gen));
            List<TimelineEntry> steps = new ArrayList<>(call.timeline());
            steps.addAll(catchUp(call, s, now));
            changed(call, steps);
            adopted++;
        }
        log.info(
                "resync {} #{}: {} live call(s) on the PBX, {} adopted, {} closed as ended unseen",
                node,
                gen,
                snapshot.size(),
                adopted,
                closed);
    }

    private List<TimelineEntry> catchUp(Call call, CallSnapshot s, Instant now) {
        List<TimelineEntry> steps = new ArrayList<>();
        call.learnCaller(s.caller());
        if (s.queued() && call.queuedAt() == null) {
            call.apply(new CallEvent.Queued(call.id(), now, "", 0)).ifPresent(steps::add);
        }
        if (s.agent() != null && call.answeredAt() == null) {
            call.apply(new CallEvent.Answered(call.id(), now, s.agent())).ifPresent(steps::add);
        }
        if (s.bridge() != null) {
            call.apply(new CallEvent.Bridged(call.id(), now, s.bridge()));
        }
        return steps;
    }

    private void changed(Call call, List<TimelineEntry> steps) {
        CallRecord r = CallRecord.of(call);
        try {
            store.save(r, steps);
        } catch (RuntimeException ex) {
            log.error("call {} not stored: {}", call.id(), ex.getMessage());
        }
        if (call.ended()) {
            view.remove(call);
        } else {
            view.put(r);
        }
        stepCount.add(steps.size());
        for (TimelineEntry step : steps) {
            for (CallListener l : listeners) {
                try {
                    l.callChanged(r, step);
                } catch (RuntimeException ex) {
                    log.warn("call listener failed: {}", ex.toString());
                }
            }
        }
    }

    /** The calls live right now, oldest first (ties by id), as of one moment between two events. Safe from any thread. */
    public List<CallRecord> liveCalls() {
        return view.snapshot();
    }

    /** The live call with this id, if any: a map lookup, whatever the number of live calls. Safe from any thread. */
    public Optional<CallRecord> liveCall(String id) {
        return view.find(id);
    }

    /**
     * Tasks of call events queued for the model since start (one per network read): on a thread
     * of its own each may wake it; on the AMI event loop (the server) they are queued by the loop
     * itself and wake nothing.
     */
    public long tasksSubmitted() {
        return tasks.sum();
    }

    /** Call events applied since start (those of calls not tracked included: agent legs, dial tests…). */
    public long eventsApplied() {
        return applied.sum();
    }

    /** Call steps (timeline entries) stored and told to the listeners since start. */
    public long stepsChanged() {
        return stepCount.sum();
    }

    /** How many calls are live. Safe from any thread. */
    public int liveCount() {
        return view.size();
    }

    /**
     * Applies what was submitted so far (up to 5 s) and, on a thread of its own, stops it. A given
     * executor is left running: its owner stops it after this (the server: the AMI event loop,
     * once the AMI links are closed and this has drained).
     */
    @Override
    public void close() {
        try {
            if (owned != null) {
                owned.shutdown();
                owned.awaitTermination(5, TimeUnit.SECONDS);
            } else {
                barrier().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            // Stopping anyway; whoever interrupted us is told so (the flag stays set).
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            log.warn("call model not drained on stop: {}", e.toString());
        }
    }
}
