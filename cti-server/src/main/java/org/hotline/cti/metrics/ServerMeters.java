package org.hotline.cti.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;

/** The Prometheus registry behind /metrics, with the JVM's own meters bound; closing it stops the GC listener. */
public final class ServerMeters implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
        // Issue 14 item 4: garbage per call. jvm_gc_memory_allocated_bytes only moves at a GC; this
        // is read at each scrape from the JVM's own per-thread allocation counters.
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled()) {
            FunctionCounter.builder(
                            "cti.jvm.allocated", threads, com.sun.management.ThreadMXBean::getTotalThreadAllocatedBytes)
                    .description("Heap bytes allocated by all threads since the JVM started (terminated ones included)")
                    .baseUnit("bytes")
                    .register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
    }
}
