package org.hotline.cti.app.dialtest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.domain.dialtest.DialTestResult;

/** One dial-test run (scheduled or on demand): the numbers to dial, one by one, and what came back. */
public final class DialTestRun {
    /** A number to test and the department it belongs to. */
    public record Target(String department, String number) {}

    private final String id;
    private final String trigger;
    private final String requestedBy;
    private final String department;
    private final Instant startedAt;
    private final List<Target> targets;
    private final List<DialTestResult> results = new CopyOnWriteArrayList<>();
    private volatile Instant finishedAt;

    DialTestRun(
            String id, String trigger, String requestedBy, String department, Instant startedAt, List<Target> targets) {
        this.id = id;
        this.trigger = trigger;
        this.requestedBy = requestedBy;
        this.department = department;
        this.startedAt = startedAt;
        this.targets = List.copyOf(targets);
    }

    public String id() {
        return id;
    }

    public String trigger() {
        return trigger;
    }

    public String requestedBy() {
        return requestedBy;
    }

    /** The one department tested, or null for all. */
    public String department() {
        return department;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public boolean finished() {
        return finishedAt != null;
    }

    public List<Target> targets() {
        return targets;
    }

    public List<DialTestResult> results() {
        return List.copyOf(results);
    }

    void add(DialTestResult r) {
        results.add(r);
    }

    void finish(Instant at) {
        finishedAt = at;
    }
}
