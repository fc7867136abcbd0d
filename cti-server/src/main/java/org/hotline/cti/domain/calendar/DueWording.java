package org.hotline.cti.domain.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How a deadline reads to the agent and the department, relative to now (R2): an off-hours order
 * taken at 02:00 on a working day is due "今日 09:00", one taken in the evening "次日 09:00" with the
 * date, one before a weekend or holiday the weekday and date of the first working day after it.
 * A bare "next working day" would let a night agent promise the wrong morning.
 */
public final class DueWording {
    private static final String[] WEEKDAYS = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private DueWording() {}

    /** {@code 今日 09:00}, {@code 次日（12月1日 周二）09:00}, {@code 1月4日（周一）09:00}, or with the year when it differs. */
    public static String of(Instant due, Instant now, ZoneId zone) {
        ZonedDateTime d = due.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate day = d.toLocalDate();
        String time = HH_MM.format(d);
        if (day.equals(today)) {
            return "今日 " + time;
        }
        String date = (day.getYear() != today.getYear() ? day.getYear() + "年" : "") + day.getMonthValue() + "月"
                + day.getDayOfMonth() + "日 " + WEEKDAYS[day.getDayOfWeek().getValue() - 1];
        if (day.equals(today.plusDays(1))) {
            return "次日（" + date + "）" + time;
        }
        return date.replace(" ", "（") + "）" + time;
    }
}
