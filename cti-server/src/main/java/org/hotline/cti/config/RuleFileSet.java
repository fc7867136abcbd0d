package org.hotline.cti.config;

import java.nio.file.Path;
import java.time.ZoneId;
import org.hotline.cti.app.port.RuleFiles;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Directory;

/** The rule files on disk: departments.yaml, the calendar folder (or the demo's always-open calendar), roster.yaml. */
public record RuleFileSet(Path departments, Path calendarDir, Path roster, boolean alwaysOpen, ZoneId zone)
        implements RuleFiles {

    @Override
    public Loaded load() {
        Directory directory = DirectoryConfigLoader.load(departments);
        WorkCalendar calendar = alwaysOpen ? WorkCalendar.alwaysOpen(zone) : CalendarConfigLoader.load(calendarDir);
        return new Loaded(directory, calendar, RosterConfigLoader.load(roster, directory, calendar));
    }

    @Override
    public String calendarSource() {
        return alwaysOpen ? "always open (demo)" : "from " + calendarDir;
    }
}
