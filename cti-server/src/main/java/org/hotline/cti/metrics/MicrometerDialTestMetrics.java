package org.hotline.cti.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.cti.app.port.DialTestMetrics;

/**
 * Dial-test metrics (R8), named apart from the transfer metrics so a dial-test never moves the
 * transfer connection rate (R1): {@code cti_dialtest_runs_total{result}} (one per number dialled),
 * {@code cti_dialtest_failing{department,number}} (1 while flagged) and
 * {@code cti_dialtest_last_run_timestamp_seconds}.
 */
public final class MicrometerDialTestMetrics implements DialTestMetrics {
    private final MeterRegistry registry;
    private final Counter answered;
    private final Counter failed;
    private final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();
    private final AtomicLong lastRun = new AtomicLong();

    public MicrometerDialTestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.answered = Counter.builder("cti.dialtest.runs")
                .description("Transfer numbers dial-tested, by result (R8)")
                .tag("result", "answered")
                .register(registry);
        this.failed = Counter.builder("cti.dialtest.runs")
                .description("Transfer numbers dial-tested, by result (R8)")
                .tag("result", "failed")
                .register(registry);
        Gauge.builder("cti.dialtest.last.run.timestamp.seconds", lastRun, AtomicLong::get)
                .description("When the last dial-test run finished (Unix seconds; 0: none since start)")
                .register(registry);
    }

    @Override
    public void result(boolean ok) {
        (ok ? answered : failed).increment();
    }

    @Override
    public void failing(String department, String number, boolean flagged) {
        failing.computeIfAbsent(department + "\n" + number, k -> {
                    AtomicInteger v = new AtomicInteger();
                    Gauge.builder("cti.dialtest.failing", v, AtomicInteger::get)
                            .description("1 while the number has failed its last dial-tests in a row (R8)")
                            .tag("department", department)
                            .tag("number", number)
                            .register(registry);
                    return v;
                })
                .set(flagged ? 1 : 0);
    }

    @Override
    public void runFinished(long epochSecond) {
        lastRun.set(epochSecond);
    }
}
