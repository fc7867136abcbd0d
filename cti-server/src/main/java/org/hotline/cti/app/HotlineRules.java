package org.hotline.cti.app;

import org.hotline.cti.app.port.RuleFiles;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.transfer.TransferPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hotline's reloadable rules: directory (departments, three-way list), working calendar,
 * roster, and the transfer policy built from them. A reload that fails keeps the rules in force
 * and reports what is wrong (file, key, reason).
 */
public final class HotlineRules {
    private static final Logger log = LoggerFactory.getLogger(HotlineRules.class);

    /** One consistent set, swapped whole on reload. */
    public record Snapshot(Directory directory, WorkCalendar calendar, Roster roster, TransferPolicy policy) {}

    private final RuleFiles files;
    private final ThreeWayBudget.Settings budget;
    private volatile Snapshot current;
    private final java.util.List<java.util.function.Consumer<Snapshot>> reloadListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public HotlineRules(RuleFiles files, ThreeWayBudget.Settings budget) {
        this.files = files;
        this.budget = budget;
        this.current = load();
    }

    private Snapshot load() {
        RuleFiles.Loaded l = files.load();
        return new Snapshot(
                l.directory(),
                l.calendar(),
                l.roster(),
                new TransferPolicy(l.directory(), l.calendar(), l.roster(), budget));
    }

    /** Re-reads every file; throws (keeping the old rules) when any is invalid. */
    public Snapshot reload() {
        Snapshot next = load();
        current = next;
        reloadListeners.forEach(l -> l.accept(next));
        log.info(
                "rules reloaded: {} departments, {} matters, calendar {}",
                next.directory().departments().size(),
                next.directory().matters().size(),
                files.calendarSource());
        return next;
    }

    /** Told after every successful reload, with the new rules. */
    public void onReload(java.util.function.Consumer<Snapshot> listener) {
        reloadListeners.add(listener);
    }

    /** R10: share, look-back and floor of the three-way budget. */
    public ThreeWayBudget.Settings budget() {
        return budget;
    }

    public Snapshot now() {
        return current;
    }
}
