package org.hotline.cti.app.dialtest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.DialTestMetrics;
import org.hotline.cti.app.port.DialTestStore;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.dialtest.DialTestResult;
import org.hotline.cti.domain.dialtest.FailingStreak;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R8: dial-tests the departments' transfer numbers one by one, on demand or on schedule, stores
 * every result apart from transfer attempts, flags a number that failed its last tests in a row
 * (API, metric, live event {@code dialtest.result}).
 */
public final class DialTestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DialTestService.class);
    private static final int KEEP_RUNS = 20;

    /** A number's latest state, as the dashboard shows it beside the transfer connection rate. */
    public record NumberStatus(
            String department, String number, DialTestResult latest, int failuresInARow, boolean failing) {}

    private final Supplier<Directory> directory;
    private final Function<String, String> dialTarget;
    private final DialTestStore store;
    private final DialTestSettings config;
    private final LiveEvents events;
    private final Clock clock;
    private final DialTestProbe probe;
    private final DialTestMetrics metrics;
    private final FailingStreak streak;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "dial-test"));
    private final AtomicReference<DialTestRun> current = new AtomicReference<>();
    private final Map<String, DialTestRun> recent = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /**
     * @param directory  the current directory (it may be reloaded while the server runs)
     * @param dialTarget a directory number → what the PBX dials, the same mapping transfers use
     */
    public DialTestService(
            Supplier<Directory> directory,
            Function<String, String> dialTarget,
            Telephony pbx,
            DialTestStore store,
            DialTestSettings config,
            LiveEvents events,
            DialTestMetrics metrics,
            Clock clock) {
        this.directory = directory;
        this.dialTarget = dialTarget;
        this.store = store;
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.probe = new DialTestProbe(pbx, clock);
        this.metrics = metrics;
        this.streak = new FailingStreak(config.failingAfter());
        // A restart must not forget that a number was failing: the flag comes from the stored history.
        for (DialTestRun.Target t : targets(null)) {
            int n = FailingStreak.failuresInARow(store.latestOf(t.number(), config.failingAfter()));
            failures.put(t.number(), n);
            metrics.failing(t.department(), t.number(), streak.flagged(n));
        }
    }

    /**
     * Starts a run in the background and returns it at once; poll {@link #run(String)}.
     *
     * @param department a department code, or null for every department
     */
    public DialTestRun start(String trigger, String requestedBy, String department) {
        if (department != null && directory.get().department(department).isEmpty()) {
            throw new CtiException(ErrorId.NO_SUCH_DEPARTMENT, "no department '" + department + "' in the directory");
        }
        DialTestRun run = new DialTestRun(
                UUID.randomUUID().toString(), trigger, requestedBy, department, clock.instant(), targets(department));
        if (!current.compareAndSet(null, run)) {
            throw new CtiException(
                    ErrorId.DIALTEST_RUNNING,
                    "a dial-test run is already in progress: " + current.get().id());
        }
        remember(run);
        store.runStarted(run.id(), trigger, requestedBy, department, run.startedAt());
        worker.execute(() -> execute(run));
        return run;
    }

    public Optional<DialTestRun> run(String id) {
        return Optional.ofNullable(recent.get(id));
    }

    /** Every directory number with its latest result and whether it is flagged. */
    public List<NumberStatus> status() {
        List<NumberStatus> out = new ArrayList<>();
        for (DialTestRun.Target t : targets(null)) {
            List<DialTestResult> latest = store.latestOf(t.number(), 1);
            int n = failures.getOrDefault(t.number(), 0);
            out.add(new NumberStatus(
                    t.department(), t.number(), latest.isEmpty() ? null : latest.get(0), n, streak.flagged(n)));
        }
        return out;
    }

    public List<DialTestResult> history(int limit) {
        return store.history(limit);
    }

    private void execute(DialTestRun run) {
        try {
            int i = 0;
            for (DialTestRun.Target t : run.targets()) {
                String legId = "dt-" + run.id() + "-" + (++i);
                DialTestResult r = probe.dial(
                                run.id(),
                                legId,
                                t.department(),
                                t.number(),
                                dialTarget.apply(t.number()),
                                config.ringTimeout(),
                                config.callerIdName(),
                                config.callerIdNumber())
                        .join();
                record(t, r);
                run.add(r);
            }
        } catch (RuntimeException e) {
            log.error("dial-test run {} stopped: {}", run.id(), e.toString());
        } finally {
            run.finish(clock.instant());
            store.runFinished(run.id(), run.finishedAt());
            metrics.runFinished(run.finishedAt().getEpochSecond());
            current.set(null);
            log.info(
                    "dial-test run {} ({}) finished: {}/{} answered",
                    run.id(),
                    run.trigger(),
                    run.results().stream().filter(DialTestResult::answered).count(),
                    run.targets().size());
        }
    }

    private void record(DialTestRun.Target t, DialTestResult r) {
        store.save(r);
        int n = r.answered() ? 0 : failures.getOrDefault(t.number(), 0) + 1;
        failures.put(t.number(), n);
        boolean flagged = streak.flagged(n);
        metrics.result(r.answered());
        metrics.failing(t.department(), t.number(), flagged);
        if (flagged) {
            log.warn("R8: {} ({}) failed {} dial-tests in a row, last: {}", t.number(), t.department(), n, r.cause());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", r.runId());
        data.put("department", t.department());
        data.put("number", t.number());
        data.put("result", r.result());
        data.put("cause", r.cause());
        data.put("answerMillis", r.answerTime() == null ? null : r.answerTime().toMillis());
        data.put("failuresInARow", n);
        data.put("failing", flagged);
        data.put("at", r.finishedAt());
        events.publish(LiveEvents.Event.broadcast("dialtest.result", data));
    }

    private List<DialTestRun.Target> targets(String department) {
        Set<String> seen = new LinkedHashSet<>();
        List<DialTestRun.Target> out = new ArrayList<>();
        for (Department d : directory.get().departments()) {
            if (department != null && !d.code().equals(department)) {
                continue;
            }
            for (String number : d.transferNumbers()) {
                if (seen.add(number)) {
                    out.add(new DialTestRun.Target(d.code(), number));
                }
            }
        }
        return out;
    }

    private void remember(DialTestRun run) {
        recent.put(run.id(), run);
        if (recent.size() > KEEP_RUNS) {
            recent.values().stream()
                    .min(java.util.Comparator.comparing(DialTestRun::startedAt))
                    .ifPresent(oldest -> recent.remove(oldest.id()));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
