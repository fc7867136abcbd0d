package org.hotline.cti.config;

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
    /** The longest holiday accepted, in days. */
    static final int MAX_HOLIDAY_DAYS = 31;

    private static final Pattern YEAR_FILE = Pattern.compile("(\\d{4})\\.yaml");

    private CalendarConfigLoader() {}

    /** Reads and validates the directory; throws {@link ConfigException} naming every problem. */
    public static WorkCalendar load(Path dir) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode hoursRoot = ConfigNode.read(dir.resolve(HOURS_FILE), problems);
        ZoneId zone = hoursRoot.parsed(
                "zone",
                hoursRoot.optionalText("zone", WorkCalendar.DEFAULT_ZONE.getId()),
                CalendarConfigLoader::zone,
                "a time zone such as Asia/Shanghai");
        WorkingHours hours = workingHours(hoursRoot);
        hoursRoot.reportUnknownKeys();

        List<SpecialDay> days = new ArrayList<>();
        TreeSet<Integer> years = new TreeSet<>();
        TreeSet<Integer> provisional = new TreeSet<>();
        Map<LocalDate, String> seen = new HashMap<>();
        for (Path file : yearFiles(dir, problems)) {
            Matcher m = YEAR_FILE.matcher(file.getFileName().toString());
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                years.add(year);
                if (readYear(ConfigNode.read(file, problems), year, days, seen)) {
                    provisional.add(year);
                }
            }
        }
        if (years.isEmpty()) {
            ConfigNode.problem(problems, dir, "(files)", "no YYYY.yaml holiday table found");
        }
        ConfigNode.throwIfAny(problems);
        return WorkCalendar.of(days, years, provisional, hours, zone);
    }

    private static WorkingHours workingHours(ConfigNode root) {
        List<String> texts = root.texts("workingHours", false);
        if (texts.isEmpty()) {
            return WorkingHours.DEFAULT;
        }
        List<TimeRange> ranges = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            TimeRange r = root.parsed("workingHours[" + i + "]", texts.get(i), TimeRange::parse, "HH:MM-HH:MM");
            if (r != null) {
                ranges.add(r);
            }
        }
        if (ranges.size() != texts.size()) {
            return WorkingHours.DEFAULT; // the bad entries are already reported
        }
        WorkingHours hours = root.parsed("workingHours", "", ignored -> new WorkingHours(ranges), null);
        return hours == null ? WorkingHours.DEFAULT : hours;
    }

    private static List<Path> yearFiles(Path dir, List<ConfigProblem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f -> YEAR_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            ConfigNode.problem(problems, dir, "(directory)", "cannot list: " + e);
            return List.of();
        }
    }

    /** Reads one year's table into {@code out}; returns its {@code provisional} flag. */
    private static boolean readYear(ConfigNode root, int year, List<SpecialDay> out, Map<LocalDate, String> seen) {
        if (root.isMissing()) {
            return false;
        }
        Boolean flag = root.has("provisional") ? root.requiredBool("provisional") : Boolean.FALSE;
        if (root.integer("year", -1, Integer.MIN_VALUE, Integer.MAX_VALUE) != year) {
            root.problem("year", "must be " + year + " to match the file name");
        }
        List<ConfigNode> holidays = root.list("holidays", true);
        for (ConfigNode h : holidays) {
            String name = h.requiredText("name");
            LocalDate from = h.date("from");
            LocalDate to = h.date("to");
            if (name == null || from == null || to == null) {
                continue;
            }
            if (to.isBefore(from)) {
                h.problem("to", "is before from (" + from + ")");
                continue;
            }
            if (from.plusDays(MAX_HOLIDAY_DAYS).isBefore(to)) {
                // The longest statutory holiday (Spring Festival) is 8-9 days; a year-long one is a typo.
                h.problem("to", to + " is more than " + MAX_HOLIDAY_DAYS + " days after from (" + from + ")");
                continue;
            }
            if (from.getYear() != year) {
                h.problem("from", from + " is not in " + year);
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                add(h, "from", new SpecialDay(d, SpecialDay.Kind.HOLIDAY, name), out, seen);
            }
            List<String> workdays = h.texts("workdays", false);
            for (int j = 0; j < workdays.size(); j++) {
                String wkey = "workdays[" + j + "]";
                LocalDate d = h.parsed(wkey, workdays.get(j), LocalDate::parse, "a date YYYY-MM-DD");
                if (d == null) {
                    continue;
                }
                if (Math.abs(d.getYear() - year) > 1) {
                    h.problem(wkey, d + " is too far from " + year);
                } else if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    // A make-up day on a weekday changes nothing: almost certainly a typo.
                    h.problem(wkey, d + " is a " + d.getDayOfWeek() + ", make-up working days fall on weekends");
                } else {
                    add(h, wkey, new SpecialDay(d, SpecialDay.Kind.MAKE_UP_WORKDAY, name), out, seen);
                }
            }
        }
        root.reportUnknownKeys();
        return Boolean.TRUE.equals(flag);
    }

    private static void add(
            ConfigNode holiday, String key, SpecialDay day, List<SpecialDay> out, Map<LocalDate, String> seen) {
        String where = holiday.file() + " " + holiday.path() + "." + key;
        String previous = seen.putIfAbsent(day.date(), where);
        if (previous != null) {
            holiday.problem(key, day.date() + " already listed at " + previous);
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
