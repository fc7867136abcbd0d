package org.hotline.cti.app;

import org.hotline.cti.app.port.Telephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the PBX's desk mode in step with the working calendar (R2): outside working hours
 * callers hear the closed message and are recorded as after-hours missed calls (R11). Checked
 * every 30 s and after every reconnect; the PBX is told only when the mode changes.
 */
public final class DeskHours implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskHours.class);

    private final HotlineRules rules;
    private final Telephony pbx;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "desk-hours");
        t.setDaemon(true);
        return t;
    });
    private volatile Boolean told;

    public DeskHours(HotlineRules rules, Telephony pbx, Clock clock) {
        this.rules = rules;
        this.pbx = pbx;
        this.clock = clock;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::check, 0, 30, TimeUnit.SECONDS);
    }

    /** After a reconnect the PBX may have restarted: tell it again. */
    public void reconnected() {
        told = null;
        timer.execute(this::check);
    }

    void check() {
        if (!pbx.connected()) {
            return;
        }
        boolean open = rules.now().calendar().isWorkingTime(clock.instant());
        if (Boolean.valueOf(open).equals(told)) {
            return;
        }
        pbx.setDeskOpen(open).whenComplete((v, e) -> {
            if (e == null) {
                told = open;
                log.info("desk is {} (by the calendar in force)", open ? "open" : "closed");
            } else {
                log.warn("could not set the desk mode: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
