package org.hotline.cti.app.dialtest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.dialtest.DialTestSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dial-tests at the configured times (R8: periodic). The next time is always computed
 * from the clock and the calendar ({@link DialTestSchedule}), never by adding a fixed period, so a
 * holiday, a make-up working day or a clock change is taken into account.
 */
public final class DialTestScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DialTestScheduler.class);

    private final DialTestService service;
    private final DialTestSchedule schedule;
    private final Supplier<WorkCalendar> calendar;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dial-test-schedule");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant next;

    /** @param calendar the current work calendar (it may be reloaded while the server runs) */
    public DialTestScheduler(
            DialTestService service, DialTestSchedule schedule, Supplier<WorkCalendar> calendar, Clock clock) {
        this.service = service;
        this.schedule = schedule;
        this.calendar = calendar;
        this.clock = clock;
    }

    public void start() {
        planAfter(clock.instant());
    }

    /** The next scheduled run, or null when no times are configured. */
    public Instant next() {
        return next;
    }

    private void planAfter(Instant from) {
        Optional<Instant> at = schedule.nextAfter(from, calendar.get());
        if (at.isEmpty()) {
            log.info("dial-tests: no scheduled times configured; on demand only");
            return;
        }
        next = at.get();
        long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        log.info("dial-tests: next scheduled run at {}", next);
        timer.schedule(() -> fire(at.get()), delay, TimeUnit.MILLISECONDS);
    }

    private void fire(Instant due) {
        try {
            service.start("scheduled", "scheduler", null);
        } catch (CtiException e) {
            log.warn("dial-tests: scheduled run at {} skipped: {}", due, e.getMessage());
        } catch (RuntimeException e) {
            log.error("dial-tests: scheduled run at {} failed to start", due, e);
        } finally {
            // From the due time, not "now": a timer firing a little early must not run twice.
            planAfter(due.isAfter(clock.instant()) ? due : clock.instant());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
