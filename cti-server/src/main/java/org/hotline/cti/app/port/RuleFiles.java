package org.hotline.cti.app.port;

import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.roster.Roster;

/**
 * Where the hotline's reloadable rules come from: the directory (R3, R4), the working calendar (R2)
 * and the roster (R11). The config adapter reads them from files; a load that finds a problem throws
 * with file, key and reason, so the caller keeps the rules in force.
 */
public interface RuleFiles {
    /** One consistent read of the three sources. */
    record Loaded(Directory directory, WorkCalendar calendar, Roster roster) {}

    Loaded load();

    /** Where the calendar comes from, for the log line after a reload. */
    String calendarSource();
}
