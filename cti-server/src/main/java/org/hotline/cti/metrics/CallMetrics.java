package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.cti.app.CallListener;
import org.hotline.cti.app.port.CallCounter;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/**
 * {@code cti_calls_total{outcome}}: every outcome is registered at zero so dashboards see it from
 * the start. A call is counted once, under its final outcome: seen live, when it ends; closed blind
 * by a resync, when the recovery pass that follows has corrected it from CEL or found nothing to
 * correct it with (a counter cannot take back a guess, so it waits for the answer).
 */
public final class CallMetrics implements CallListener, CallCounter {
    private final Map<CallOutcome, Counter> byOutcome = new EnumMap<>(CallOutcome.class);
    /** Calls closed blind, waiting for their node's recovery pass: id → the resync's guess. */
    private final Map<String, Guess> awaitingCel = new ConcurrentHashMap<>();

    private record Guess(String node, CallOutcome outcome) {}

    public CallMetrics(MeterRegistry registry) {
        for (CallOutcome o : CallOutcome.values()) {
            byOutcome.put(
                    o,
                    Counter.builder("cti.calls")
                            .description("Enterprise calls ended, by outcome")
                            .tag("outcome", o.wireName())
                            .register(registry));
        }
    }

    @Override
    public void callChanged(CallRecord call, TimelineEntry step) {
        if (!"ended".equals(step.kind()) || call.outcome() == null) {
            return;
        }
        if (call.endedUnseen()) {
            awaitingCel.put(call.id(), new Guess(call.node(), call.outcome()));
        } else {
            byOutcome.get(call.outcome()).increment();
        }
    }

    @Override
    public void recovered(CallRecord call) {
        if (call.outcome() != null) {
            byOutcome.get(call.outcome()).increment();
        }
    }

    @Override
    public void corrected(CallRecord call) {
        // Only a call this process closed blind and has not counted yet: never twice.
        if (awaitingCel.remove(call.id()) != null && call.outcome() != null) {
            byOutcome.get(call.outcome()).increment();
        }
    }

    @Override
    public void recoveryPassEnded(String node) {
        for (Map.Entry<String, Guess> e : awaitingCel.entrySet()) {
            // Issue 14 item 6: only this node's pass settles its calls; another node's may still correct its own.
            if (node == null || node.equals(e.getValue().node()) || e.getValue().node() == null) {
                Guess guess = awaitingCel.remove(e.getKey());
                if (guess != null) {
                    byOutcome.get(guess.outcome()).increment();
                }
            }
        }
    }
}
