package org.hotline.cti.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hotline.cti.app.WriteBehindCallStore;

/**
 * The call writer (issue 14): {@code cti_call_store_commits_total} (one per group stored),
 * {@code cti_call_store_calls_written_total} and {@code cti_call_store_pending}, read at each scrape.
 */
public final class CallStoreMetrics {
    private CallStoreMetrics() {}

    public static void bind(WriteBehindCallStore calls, MeterRegistry registry) {
        FunctionCounter.builder("cti.call.store.commits", calls, WriteBehindCallStore::groupsStored)
                .description("Transactions that stored call writes: one per group, at most one per commit linger")
                .register(registry);
        FunctionCounter.builder("cti.call.store.calls.written", calls, WriteBehindCallStore::callsStored)
                .description("Call records written, one per call per group however many changes it merged")
                .register(registry);
        Gauge.builder("cti.call.store.pending", calls, WriteBehindCallStore::pendingCalls)
                .description("Calls whose latest changes are not stored yet (grows during a database outage)")
                .register(registry);
        FunctionCounter.builder("cti.call.store.dropped", calls, WriteBehindCallStore::dropped)
                .description("Pending call writes dropped because the outage buffer was full")
                .register(registry);
    }
}
