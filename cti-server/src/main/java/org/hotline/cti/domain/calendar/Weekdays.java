package org.hotline.cti.domain.calendar;

import java.time.DayOfWeek;
import java.util.Locale;
import java.util.Map;

/** One weekday grammar for the roster file and the roster API: {@code MONDAY}, {@code Mon} or {@code 周一}. */
public final class Weekdays {
    private static final Map<String, DayOfWeek> CHINESE_DAYS = Map.of(
            "周一",
            DayOfWeek.MONDAY,
            "周二",
            DayOfWeek.TUESDAY,
            "周三",
            DayOfWeek.WEDNESDAY,
            "周四",
            DayOfWeek.THURSDAY,
            "周五",
            DayOfWeek.FRIDAY,
            "周六",
            DayOfWeek.SATURDAY,
            "周日",
            DayOfWeek.SUNDAY);

    private Weekdays() {}

    /** The weekday, or null when the text names none. */
    public static DayOfWeek parse(String text) {
        String t = text.strip();
        if (CHINESE_DAYS.containsKey(t)) {
            return CHINESE_DAYS.get(t);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(upper) || (upper.length() == 3 && d.name().startsWith(upper))) {
                return d;
            }
        }
        return null;
    }
}
