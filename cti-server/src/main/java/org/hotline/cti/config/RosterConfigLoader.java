package org.hotline.cti.config;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.Weekdays;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.roster.RotationRules;
import org.hotline.cti.domain.roster.SupervisorShift;

/** Loads {@code config/roster.yaml}: rotation duty at the hotline (R4) and duty supervisors (R11). */
public final class RosterConfigLoader {

    private RosterConfigLoader() {}

    /** Reads and validates; departments are checked against {@code directory}. */
    public static Roster load(Path file, Directory directory, WorkCalendar calendar) {
        ConfigNode root = ConfigNode.read(file, new ArrayList<>());
        ConfigNode rotation = root.child("rotation");
        Set<DayOfWeek> sessionDays = rotation.has("days") ? days(rotation, "days") : RotationRules.R4.days();
        TimeRange sessionHours = rotation.has("hours")
                ? rotation.parsed("hours", rotation.requiredText("hours"), TimeRange::parse, "HH:MM-HH:MM")
                : RotationRules.R4.hours();
        if (sessionHours != null && sessionHours.overnight()) {
            rotation.problem("hours", "must not run over midnight");
            sessionHours = null;
        }
        List<RotationDuty> duties = duties(rotation, sessionDays, directory);
        List<SupervisorShift> supervisors = supervisors(root);
        root.reportUnknownKeys();
        root.throwIfProblems();
        return new Roster(new RotationRules(sessionDays, sessionHours), duties, supervisors, calendar);
    }

    private static List<RotationDuty> duties(ConfigNode rotation, Set<DayOfWeek> sessionDays, Directory directory) {
        List<RotationDuty> out = new ArrayList<>();
        Map<String, String> taken = new HashMap<>(); // "department day" -> who, to catch double bookings
        for (ConfigNode n : rotation.list("duties")) {
            String who = n.requiredText("specialist");
            String department = n.requiredText("department");
            if (department != null && directory.department(department).isEmpty()) {
                n.problem("department", "unknown department '" + department + "'");
                department = null;
            }
            String extension = n.requiredText("extension");
            Set<DayOfWeek> parsedDays = n.has("days") ? days(n, "days") : Set.of();
            boolean daysOk = parsedDays != null;
            Set<DayOfWeek> days = daysOk ? parsedDays : Set.of();
            for (DayOfWeek d : days) {
                if (sessionDays != null && !sessionDays.contains(d)) {
                    n.problem("days", d + " is not a rotation day " + sorted(sessionDays) + " (R4)");
                }
            }
            Set<LocalDate> dates = new HashSet<>();
            List<String> dateTexts = n.texts("dates", false);
            for (int j = 0; j < dateTexts.size(); j++) {
                LocalDate d = n.parsed("dates[" + j + "]", dateTexts.get(j), LocalDate::parse, "a date YYYY-MM-DD");
                if (d != null) {
                    dates.add(d);
                }
            }
            if (daysOk && days.isEmpty() && dates.isEmpty()) {
                n.problem("", "needs days or dates");
                continue;
            }
            if (who == null || department == null || extension == null || !daysOk) {
                continue;
            }
            List<String> slots = new ArrayList<>();
            days.forEach(d -> slots.add(d.toString()));
            dates.forEach(d -> slots.add(d.toString()));
            for (String slot : slots) {
                String other = taken.putIfAbsent(department + " " + slot, who);
                if (other != null) {
                    n.problem("", "department " + department + " already has " + other + " on " + slot);
                }
            }
            out.add(new RotationDuty(who, department, extension, days, dates));
        }
        return out;
    }

    private static List<SupervisorShift> supervisors(ConfigNode root) {
        List<SupervisorShift> out = new ArrayList<>();
        for (ConfigNode n : root.list("supervisors", !root.isMissing())) {
            String name = n.requiredText("name");
            String extension = n.requiredText("extension");
            Set<DayOfWeek> days = days(n, "days");
            TimeRange hours = n.parsed("hours", n.requiredText("hours"), TimeRange::parse, "HH:MM-HH:MM");
            if (name != null && extension != null && days != null && !days.isEmpty() && hours != null) {
                out.add(new SupervisorShift(name, extension, days, hours));
            }
        }
        return out;
    }

    /** A list of weekdays: MONDAY, Mon, or 周一; null after a problem. */
    private static Set<DayOfWeek> days(ConfigNode parent, String field) {
        List<String> texts = parent.texts(field, true);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean ok = true;
        for (int i = 0; i < texts.size(); i++) {
            DayOfWeek d = Weekdays.parse(texts.get(i));
            if (d == null) {
                parent.problem(field + "[" + i + "]", "'" + texts.get(i) + "' is not a weekday (MONDAY, Mon or 周一)");
                ok = false;
            } else {
                days.add(d);
            }
        }
        return ok ? days : null;
    }

    private static List<DayOfWeek> sorted(Set<DayOfWeek> days) {
        return days.stream().sorted().toList();
    }
}
