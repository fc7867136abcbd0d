package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hotline.cti.app.callback.CallbackService;

/** {@code cti_callbacks_pending} and {@code cti_callbacks_overdue} (R11), read from the store at each scrape. */
public final class CallbackMetrics {
    private CallbackMetrics() {}

    public static void bind(CallbackService callbacks, MeterRegistry registry) {
        Gauge.builder("cti.callbacks.pending", callbacks, c -> c.stats().pending())
                .description("Missed-call callbacks not yet done (pending or dialling)")
                .register(registry);
        Gauge.builder("cti.callbacks.overdue", callbacks, c -> c.stats().overdue())
                .description("Callbacks still open 24 h after the first missed call (R11)")
                .register(registry);
    }
}
