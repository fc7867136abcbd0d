package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.hotline.cti.app.CallListener;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/** {@code cti_calls_total{outcome}}: every outcome is registered at zero so dashboards see it from the start. */
public final class CallMetrics implements CallListener {
    private final Map<CallOutcome, Counter> byOutcome = new EnumMap<>(CallOutcome.class);

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
        if ("ended".equals(step.kind()) && call.outcome() != null) {
            byOutcome.get(call.outcome()).increment();
        }
    }
}
