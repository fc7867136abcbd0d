package org.hotline.cti.app.callback;

import java.time.Instant;
import java.util.Optional;
import org.hotline.cti.app.port.CallCounter;
import org.hotline.cti.app.port.CallHistory;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.CheckpointStore;
import org.hotline.cti.domain.call.CallCorrection;
import org.hotline.cti.domain.call.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After every (re)connect to the PBX: reads the PBX's own call history from where we last got to
 * and adds every call we never saw (the server was stopped, or AMI was down) to the call store and
 * the callbacks (R11); a call it saw begin but that ended while it was blind, closed by the resync
 * as "lost", is corrected from the PBX's record (answered by an agent, queue timeout…). Idempotent:
 * a call already in the store is skipped (a corrected one is no longer "ended unseen"), and a miss
 * is keyed by its call id, so reading the same records twice changes nothing.
 * <p>
 * A call the resync closes as "lost" is not folded into a callback by the resync: it is held
 * ({@link CallbackService#deferLostCalls}) for the pass that resync triggers, so a call answered
 * while the CTI was blind (or whose answer died with a killed server's unwritten writes) never
 * gets a callback nor pushes {@code callback.assigned} to the duty supervisor (R11). The pass
 * corrects it from the PBX's records, or folds it as a miss; one the records do not mention, and
 * every one when the pass fails, is folded as the resync closed it (R11: no miss is ever dropped).
 */
public final class MissedCallRecovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MissedCallRecovery.class);

    private final CallHistory history;
    private final CheckpointStore checkpoints;
    private final CallStore calls;
    private final CallbackService callbacks;
    private final CallCounter counter;
    private final java.util.concurrent.ExecutorService thread;
    private volatile long runs;

    public MissedCallRecovery(
            CallHistory history, CheckpointStore checkpoints, CallStore calls, CallbackService callbacks) {
        this(history, checkpoints, calls, callbacks, CallCounter.NONE);
    }

    /** @param counter told of every call recovered or corrected, so {@code cti_calls_total} agrees with the records */
    public MissedCallRecovery(
            CallHistory history,
            CheckpointStore checkpoints,
            CallStore calls,
            CallbackService callbacks,
            CallCounter counter) {
        this.history = history;
        this.checkpoints = checkpoints;
        this.calls = calls;
        this.callbacks = callbacks;
        this.counter = counter;
        // R11: this node's calls closed blind wait for our pass, which knows whether they were missed.
        callbacks.deferLostCalls(history.node());
        String name = history.node() == null ? "call-recovery" : "call-recovery-" + history.node();
        this.thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The node whose calls this recovers (null: not named). */
    public String node() {
        return history.node();
    }

    /** Recovers on our own thread (the caller is the call model's: the AMI event loop). */
    public void recoverLater(Instant connectedAt) {
        try {
            thread.execute(() -> {
                try {
                    recover(connectedAt);
                } catch (RuntimeException e) {
                    log.error(
                            "recovering calls from {} failed; will retry on next connect: {}",
                            history.source(),
                            e.getMessage());
                } finally {
                    runs++;
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            fold(callbacks.takeDeferred(history.node())); // stopping: no pass will come for the held calls
        }
    }

    /** Recovery passes finished (or failed) so far. */
    public long runs() {
        return runs;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // Stopping anyway; whoever interrupted us is told so (the flag stays set).
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param connectedAt when the connection came up, on the PBX's clock: calls that arrived after it
     *                    are followed live and left alone here
     * @return how many calls were recovered
     */
    public synchronized int recover(Instant connectedAt) {
        // Every call held for this pass so far (the resync that triggered it held its own before
        // telling us): each is corrected or folded below, and whatever is left in the finally.
        java.util.Map<String, CallRecord> held = callbacks.takeDeferred(history.node());
        try {
            return recover(connectedAt, held);
        } finally {
            fold(held);
        }
    }

    /**
     * Folds calls closed blind that the pass did not settle (not in the PBX's records, or the pass
     * failed) as the resync closed them: a miss the records cannot clear is still a miss (R11).
     */
    private void fold(java.util.Map<String, CallRecord> held) {
        for (CallRecord call : held.values()) {
            try {
                callbacks.callEnded(call);
            } catch (RuntimeException e) {
                log.error("call {} from {} not turned into a callback: {}", call.id(), call.caller(), e.getMessage());
            }
        }
        if (!held.isEmpty()) {
            log.info(
                    "call history {}: {} call(s) closed blind that its records did not settle folded as missed",
                    history.source(),
                    held.size());
        }
        held.clear();
    }

    private int recover(Instant connectedAt, java.util.Map<String, CallRecord> held) {
        Optional<String> from = checkpoints.position(history.source());
        if (from.isEmpty()) {
            // A new database: the PBX's older history is not ours to import.
            String end = history.end();
            checkpoints.save(history.source(), end);
            log.info("call history {}: first start, following from position {}", history.source(), end);
            counter.recoveryPassEnded(history.node());
            return 0;
        }
        CallHistory.Batch batch = history.since(from.get(), connectedAt);
        int recovered = 0;
        int corrections = 0;
        for (CallRecord call : batch.calls()) {
            Optional<CallRecord> known = calls.find(call.id());
            if (known.isPresent()) {
                Optional<CallRecord> corrected = CallCorrection.correct(known.get(), call);
                if (corrected.isPresent()) {
                    correct(known.get(), corrected.get());
                    corrections++;
                    held.remove(call.id());
                } else if (known.get().outcome() != null) {
                    // Seen live (or recovered before); handing it on again is harmless and covers a
                    // stop between storing the call and folding its miss (a held one is folded here).
                    callbacks.callEnded(known.get());
                    held.remove(call.id());
                }
                continue;
            }
            calls.save(call, call.timeline());
            callbacks.callEnded(call);
            held.remove(call.id());
            counter.recovered(call);
            recovered++;
            log.info(
                    "recovered call {} from {} at {}: {} ({})",
                    call.id(),
                    call.caller(),
                    call.arrivedAt(),
                    call.outcome().wireName(),
                    call.answeredAt() != null ? "agent " + call.agent() : call.missedReason());
        }
        fold(held); // closed blind, not in this batch: as the resync closed them, before the checkpoint moves
        // The checkpoint moves past these calls only once they are on disk: the call store writes
        // in groups (issue 14), and a crash in between must leave them to the next pass.
        if (!stored()) {
            throw new IllegalStateException(
                    "the recovered calls are not stored yet (database away); the checkpoint stays");
        }
        checkpoints.save(history.source(), batch.next());
        counter.recoveryPassEnded(history.node());
        if (recovered > 0 || !batch.calls().isEmpty()) {
            log.info(
                    "call history {}: {} call(s) read, {} recovered that the CTI had not seen, {} corrected that ended "
                            + "while it was blind",
                    history.source(),
                    batch.calls().size(),
                    recovered,
                    corrections);
        }
        return recovered;
    }

    private boolean stored() {
        try {
            return calls.flush(FLUSH_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How long a pass waits for its calls to be stored before it leaves the checkpoint where it was. */
    private static final java.time.Duration FLUSH_TIMEOUT = java.time.Duration.ofSeconds(30);

    /**
     * A call the resync closed blind (as "lost", at the resync's time): store what the PBX says
     * happened, then fix its callback. The resync's miss is folded first (it is queued on the
     * callbacks thread), so the correction always finds it.
     */
    private void correct(CallRecord known, CallRecord corrected) {
        callbacks.idle().join();
        calls.replace(corrected);
        counter.corrected(corrected);
        log.info(
                "corrected call {} from {} that ended while the CTI was blind: {} ({}) at {}, was {} ({})",
                corrected.id(),
                corrected.caller(),
                corrected.outcome().wireName(),
                corrected.agent() != null && corrected.answeredAt() != null
                        ? "agent " + corrected.agent()
                        : corrected.missedReason(),
                corrected.endedAt(),
                known.outcome().wireName(),
                known.missedReason());
        callbacks.callCorrected(corrected);
    }
}
