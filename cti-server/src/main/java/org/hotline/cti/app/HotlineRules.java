package org.hotline.cti.app;

import org.hotline.cti.config.CalendarConfigLoader;
import org.hotline.cti.config.DirectoryConfigLoader;
import org.hotline.cti.config.RosterConfigLoader;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.transfer.TransferPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The hotline's reloadable rules: directory (departments, three-way list), working calendar,
 * roster, and the transfer policy built from them. A reload that fails keeps the rules in force
 * and reports what is wrong (file, key, reason).
 */
public final class HotlineRules {
    private static final Logger log = LoggerFactory.getLogger(HotlineRules.class);

    /** Where the rule files are, and how the calendar is taken. */
    public record Sources(Path departments, Path calendarDir, Path roster, boolean alwaysOpen, ZoneId zone,
                          ThreeWayBudget.Settings budget) {
    }

    /** One consistent set, swapped whole on reload. */
    public record Snapshot(Directory directory, WorkCalendar calendar, Roster roster, TransferPolicy policy) {
    }

    private final Sources sources;
    private volatile Snapshot current;
    private final java.util.List<java.util.function.Consumer<Snapshot>> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public HotlineRules(Sources sources) {
        this.sources = sources;
        this.current = load(sources);
    }

    public static Snapshot load(Sources s) {
        Directory directory = DirectoryConfigLoader.load(s.departments());
        WorkCalendar calendar = s.alwaysOpen() ? WorkCalendar.alwaysOpen(s.zone()) : CalendarConfigLoader.load(s.calendarDir());
        Roster roster = RosterConfigLoader.load(s.roster(), directory, calendar);
        return new Snapshot(directory, calendar, roster, new TransferPolicy(directory, calendar, roster, s.budget()));
    }

    /** Re-reads every file; throws (keeping the old rules) when any is invalid. */
    public Snapshot reload() {
        Snapshot next = load(sources);
        current = next;
        reloadListeners.forEach(l -> l.accept(next));
        log.info("rules reloaded: {} departments, {} matters, calendar {}", next.directory().departments().size(),
                next.directory().matters().size(), sources.alwaysOpen() ? "always open (demo)" : "from " + sources.calendarDir());
        return next;
    }

    /** Told after every successful reload, with the new rules. */
    public void onReload(java.util.function.Consumer<Snapshot> listener) {
        reloadListeners.add(listener);
    }

    public Snapshot now() {
        return current;
    }

    public Sources sources() {
        return sources;
    }
}
