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
    /** Calls closed blind, waiting for the recovery pass: id → the resync's guess. */
    private final Map<String, CallOutcome> awaitingCel = new ConcurrentHashMap<>();

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
            awaitingCel.put(call.id(), call.outcome());
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
    public void recoveryPassEnded() {
        for (String id : awaitingCel.keySet()) {
            CallOutcome guess = awaitingCel.remove(id);
            if (guess != null) {
                byOutcome.get(guess).increment();
            }
        }
    }
}
