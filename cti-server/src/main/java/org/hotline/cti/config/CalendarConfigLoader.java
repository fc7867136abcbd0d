package org.hotline.cti.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;

/**
 * Loads {@code config/calendar/}: {@code hours.yaml} (zone and working hours) and one
 * {@code YYYY.yaml} per year with that year's statutory holidays and make-up working days.
 */
public final class CalendarConfigLoader {

    public static final String HOURS_FILE = "hours.yaml";
    private static final Pattern YEAR_FILE = Pattern.compile("(\\d{4})\\.yaml");

    private CalendarConfigLoader() {}

    /** Reads and validates the directory; throws {@link ConfigException} naming every problem. */
    public static WorkCalendar load(Path dir) {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader hoursYaml = new YamlReader(dir.resolve(HOURS_FILE).toString(), problems);
        JsonNode hoursRoot = hoursYaml.read(dir.resolve(HOURS_FILE));
        ZoneId zone = hoursYaml.parsed(
                hoursYaml.optionalText(hoursRoot, "zone", "zone", WorkCalendar.DEFAULT_ZONE.getId()),
                "zone",
                CalendarConfigLoader::zone,
                "a time zone such as Asia/Shanghai");
        WorkingHours hours = workingHours(hoursYaml, hoursRoot);

        List<SpecialDay> days = new ArrayList<>();
        TreeSet<Integer> years = new TreeSet<>();
        TreeSet<Integer> provisional = new TreeSet<>();
        Map<LocalDate, String> seen = new HashMap<>();
        for (Path file : yearFiles(dir, problems)) {
            Matcher m = YEAR_FILE.matcher(file.getFileName().toString());
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                years.add(year);
                if (readYear(new YamlReader(file.toString(), problems), file, year, days, seen)) {
                    provisional.add(year);
                }
            }
        }
        if (years.isEmpty()) {
            problems.add(new ConfigProblem(dir.toString(), "(files)", "no YYYY.yaml holiday table found"));
        }
        YamlReader.throwIfAny(problems);
        return WorkCalendar.of(days, years, provisional, hours, zone);
    }

    private static WorkingHours workingHours(YamlReader yaml, JsonNode root) {
        List<String> texts = yaml.texts(root, "workingHours", "workingHours", false);
        if (texts.isEmpty()) {
            return WorkingHours.DEFAULT;
        }
        List<TimeRange> ranges = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            TimeRange r = yaml.parsed(texts.get(i), "workingHours[" + i + "]", TimeRange::parse, "HH:MM-HH:MM");
            if (r != null) {
                ranges.add(r);
            }
        }
        if (ranges.size() != texts.size()) {
            return WorkingHours.DEFAULT; // the bad entries are already reported
        }
        WorkingHours hours = yaml.parsed("", "workingHours", ignored -> new WorkingHours(ranges), null);
        return hours == null ? WorkingHours.DEFAULT : hours;
    }

    private static List<Path> yearFiles(Path dir, List<ConfigProblem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f -> YEAR_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(new ConfigProblem(dir.toString(), "(directory)", "cannot list: " + e));
            return List.of();
        }
    }

    /** Reads one year's table into {@code out}; returns its {@code provisional} flag. */
    private static boolean readYear(
            YamlReader yaml, Path file, int year, List<SpecialDay> out, Map<LocalDate, String> seen) {
        JsonNode root = yaml.read(file);
        if (root.isMissingNode()) {
            return false;
        }
        JsonNode flag = root.path("provisional");
        if (!flag.isMissingNode() && !flag.isBoolean()) {
            yaml.problem("provisional", "must be true or false");
        }
        JsonNode declared = root.path("year");
        if (!declared.canConvertToInt() || declared.asInt() != year) {
            yaml.problem("year", "must be " + year + " to match the file name");
        }
        List<JsonNode> holidays = yaml.list(root, "holidays", "holidays", true);
        for (int i = 0; i < holidays.size(); i++) {
            String key = "holidays[" + i + "]";
            JsonNode h = holidays.get(i);
            String name = yaml.text(h, "name", key + ".name");
            LocalDate from = yaml.date(h, "from", key + ".from");
            LocalDate to = yaml.date(h, "to", key + ".to");
            if (name == null || from == null || to == null) {
                continue;
            }
            if (to.isBefore(from)) {
                yaml.problem(key + ".to", "is before from (" + from + ")");
                continue;
            }
            if (from.getYear() != year) {
                yaml.problem(key + ".from", from + " is not in " + year);
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                add(yaml, key + ".from", new SpecialDay(d, SpecialDay.Kind.HOLIDAY, name), out, seen);
            }
            List<String> workdays = yaml.texts(h, "workdays", key + ".workdays", false);
            for (int j = 0; j < workdays.size(); j++) {
                String wkey = key + ".workdays[" + j + "]";
                LocalDate d = yaml.parsed(workdays.get(j), wkey, LocalDate::parse, "a date YYYY-MM-DD");
                if (d == null) {
                    continue;
                }
                if (Math.abs(d.getYear() - year) > 1) {
                    yaml.problem(wkey, d + " is too far from " + year);
                } else if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    // A make-up day on a weekday changes nothing: almost certainly a typo.
                    yaml.problem(wkey, d + " is a " + d.getDayOfWeek() + ", make-up working days fall on weekends");
                } else {
                    add(yaml, wkey, new SpecialDay(d, SpecialDay.Kind.MAKE_UP_WORKDAY, name), out, seen);
                }
            }
        }
        return flag.asBoolean(false);
    }

    private static void add(
            YamlReader yaml, String key, SpecialDay day, List<SpecialDay> out, Map<LocalDate, String> seen) {
        String where = yaml.file() + " " + key;
        String previous = seen.putIfAbsent(day.date(), where);
        if (previous != null) {
            yaml.problem(key, day.date() + " already listed at " + previous);
        } else {
            out.add(day);
        }
    }

    /** Rejects an unknown zone id with the same kind of message as the rest. */
    static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
