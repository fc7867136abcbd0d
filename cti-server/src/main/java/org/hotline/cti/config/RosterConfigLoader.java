package org.hotline.cti.config;

import com.fasterxml.jackson.databind.JsonNode;
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
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader yaml = new YamlReader(file.toString(), problems);
        JsonNode root = yaml.read(file);
        JsonNode rotation = root.path("rotation");
        Set<DayOfWeek> sessionDays =
                rotation.has("days") ? days(yaml, rotation, "rotation.days") : RotationRules.R4.days();
        TimeRange sessionHours = rotation.has("hours")
                ? yaml.parsed(
                        yaml.text(rotation, "hours", "rotation.hours"),
                        "rotation.hours",
                        TimeRange::parse,
                        "HH:MM-HH:MM")
                : RotationRules.R4.hours();
        if (sessionHours != null && sessionHours.overnight()) {
            yaml.problem("rotation.hours", "must not run over midnight");
            sessionHours = null;
        }
        List<RotationDuty> duties = duties(yaml, rotation, sessionDays, directory);
        List<SupervisorShift> supervisors = supervisors(yaml, root);
        YamlReader.throwIfAny(problems);
        return new Roster(new RotationRules(sessionDays, sessionHours), duties, supervisors, calendar);
    }

    private static List<RotationDuty> duties(
            YamlReader yaml, JsonNode rotation, Set<DayOfWeek> sessionDays, Directory directory) {
        List<RotationDuty> out = new ArrayList<>();
        Map<String, String> taken = new HashMap<>(); // "department day" -> who, to catch double bookings
        List<JsonNode> nodes = yaml.list(rotation, "duties", "rotation.duties", false);
        for (int i = 0; i < nodes.size(); i++) {
            String key = "rotation.duties[" + i + "]";
            JsonNode n = nodes.get(i);
            String who = yaml.text(n, "specialist", key + ".specialist");
            String department = yaml.text(n, "department", key + ".department");
            if (department != null && directory.department(department).isEmpty()) {
                yaml.problem(key + ".department", "unknown department '" + department + "'");
                department = null;
            }
            String extension = yaml.text(n, "extension", key + ".extension");
            Set<DayOfWeek> parsedDays = n.has("days") ? days(yaml, n, key + ".days") : Set.of();
            boolean daysOk = parsedDays != null;
            Set<DayOfWeek> days = daysOk ? parsedDays : Set.of();
            for (DayOfWeek d : days) {
                if (sessionDays != null && !sessionDays.contains(d)) {
                    yaml.problem(key + ".days", d + " is not a rotation day " + sorted(sessionDays) + " (R4)");
                }
            }
            Set<LocalDate> dates = new HashSet<>();
            List<String> dateTexts = yaml.texts(n, "dates", key + ".dates", false);
            for (int j = 0; j < dateTexts.size(); j++) {
                LocalDate d =
                        yaml.parsed(dateTexts.get(j), key + ".dates[" + j + "]", LocalDate::parse, "a date YYYY-MM-DD");
                if (d != null) {
                    dates.add(d);
                }
            }
            if (daysOk && days.isEmpty() && dates.isEmpty()) {
                yaml.problem(key, "needs days or dates");
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
                    yaml.problem(key, "department " + department + " already has " + other + " on " + slot);
                }
            }
            out.add(new RotationDuty(who, department, extension, days, dates));
        }
        return out;
    }

    private static List<SupervisorShift> supervisors(YamlReader yaml, JsonNode root) {
        List<SupervisorShift> out = new ArrayList<>();
        List<JsonNode> nodes = yaml.list(root, "supervisors", "supervisors", !root.isMissingNode());
        for (int i = 0; i < nodes.size(); i++) {
            String key = "supervisors[" + i + "]";
            JsonNode n = nodes.get(i);
            String name = yaml.text(n, "name", key + ".name");
            String extension = yaml.text(n, "extension", key + ".extension");
            Set<DayOfWeek> days = days(yaml, n, key + ".days");
            TimeRange hours =
                    yaml.parsed(yaml.text(n, "hours", key + ".hours"), key + ".hours", TimeRange::parse, "HH:MM-HH:MM");
            if (name != null && extension != null && days != null && !days.isEmpty() && hours != null) {
                out.add(new SupervisorShift(name, extension, days, hours));
            }
        }
        return out;
    }

    /** A list of weekdays: MONDAY, Mon, or 周一; null after a problem. */
    private static Set<DayOfWeek> days(YamlReader yaml, JsonNode parent, String key) {
        String field = key.substring(key.lastIndexOf('.') + 1);
        List<String> texts = yaml.texts(parent, field, key, true);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean ok = true;
        for (int i = 0; i < texts.size(); i++) {
            DayOfWeek d = Weekdays.parse(texts.get(i));
            if (d == null) {
                yaml.problem(key + "[" + i + "]", "'" + texts.get(i) + "' is not a weekday (MONDAY, Mon or 周一)");
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
