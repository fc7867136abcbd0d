package org.hotline.cti.app;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.calendar.DeskStaffing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the PBX's desk mode (open / closed) in step with the desk's staffed hours, which are not
 * the departments' working time (R2). By default the desk is staffed around the clock and stays
 * open: off-hours callers reach an agent, who makes a 次紧急 work order. Only where the operator
 * configured the desk as unstaffed at some hours ({@code hotline.deskStaffed}) do callers then
 * hear the closed message and become after-hours callbacks (R11). Checked every 30 s and after
 * every reconnect (the PBX keeps the mode in AstDB, so a desk left closed by an earlier
 * configuration is reopened); the PBX is told only when the mode changes.
 */
public final class DeskHours implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskHours.class);

    private final HotlineRules rules;
    private final DeskStaffing staffing;
    private final Telephony pbx;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "desk-hours");
        t.setDaemon(true);
        return t;
    });
    private volatile Boolean told;

    public DeskHours(HotlineRules rules, DeskStaffing staffing, Telephony pbx, Clock clock) {
        this.rules = rules;
        this.staffing = staffing;
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
        boolean open = staffing.staffedAt(clock.instant(), rules.now().calendar());
        if (Boolean.valueOf(open).equals(told)) {
            return;
        }
        pbx.setDeskOpen(open).whenComplete((v, e) -> {
            if (e == null) {
                told = open;
                log.info("desk is {} (staffed: {})", open ? "open" : "closed", staffing);
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
