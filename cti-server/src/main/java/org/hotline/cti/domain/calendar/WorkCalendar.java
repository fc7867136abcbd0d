package org.hotline.cti.domain.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mainland-China working-day calendar of the hotline: weekends are off except make-up working
 * days (调休), statutory holidays are off, and working hours apply on working days. Pure: every
 * method takes the instant it reasons about; callers read it from an injected {@code Clock}.
 *
 * <p>Years without a table fall back to plain Monday–Friday; {@link #covers(int)} lets the server
 * warn at start when the coming year's table is missing.
 */
public final class WorkCalendar {

    /** Asia/Shanghai, the hotline's zone unless configured otherwise. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** R2: a department must contact the enterprise before 09:00 of the next working day. */
    public static final LocalTime WORK_ORDER_DUE_TIME = LocalTime.of(9, 0);

    /** Guards loops against a table that (wrongly) declares a whole year off. */
    private static final int MAX_SEARCH_DAYS = 400;

    private final Map<LocalDate, SpecialDay> specialDays;
    private final Set<Integer> years;
    private final Set<Integer> provisional;
    private final WorkingHours hours;
    private final ZoneId zone;
    private final boolean alwaysOpen;

    private WorkCalendar(
            Map<LocalDate, SpecialDay> specialDays,
            Set<Integer> years,
            Set<Integer> provisional,
            WorkingHours hours,
            ZoneId zone,
            boolean alwaysOpen) {
        this.specialDays = specialDays;
        this.years = years;
        this.provisional = provisional;
        this.hours = Objects.requireNonNull(hours, "hours");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.alwaysOpen = alwaysOpen;
    }

    /**
     * A real calendar. {@code years} are the years whose official schedule is in {@code days};
     * a date appearing twice is an error.
     */
    public static WorkCalendar of(Collection<SpecialDay> days, Set<Integer> years, WorkingHours hours, ZoneId zone) {
        return of(days, years, Set.of(), hours, zone);
    }

    /**
     * The same, with {@code provisional} years: tables written before the State Council published
     * that year's notice (an estimate an operator must check; see {@link #warnings}).
     */
    public static WorkCalendar of(
            Collection<SpecialDay> days,
            Set<Integer> years,
            Set<Integer> provisional,
            WorkingHours hours,
            ZoneId zone) {
        Map<LocalDate, SpecialDay> byDate = new TreeMap<>();
        for (SpecialDay day : days) {
            SpecialDay previous = byDate.putIfAbsent(day.date(), day);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "date " + day.date() + " listed twice (" + previous.name() + ", " + day.name() + ")");
            }
        }
        return new WorkCalendar(
                Map.copyOf(byDate), Set.copyOf(new TreeSet<>(years)), Set.copyOf(provisional), hours, zone, false);
    }

    /** The demo's calendar: every day is a working day and every minute is working time. */
    public static WorkCalendar alwaysOpen(ZoneId zone) {
        return new WorkCalendar(Map.of(), Set.of(), Set.of(), WorkingHours.DEFAULT, zone, true);
    }

    public ZoneId zone() {
        return zone;
    }

    public WorkingHours workingHours() {
        return hours;
    }

    public boolean isAlwaysOpen() {
        return alwaysOpen;
    }

    /** True when the official schedule of {@code year} is loaded (always true when always open). */
    public boolean covers(int year) {
        return alwaysOpen || years.contains(year);
    }

    /**
     * What an operator must fix before R2 due dates go wrong, as of {@code today}: this year's
     * table missing (every date of it counts as a plain weekday), next year's missing once
     * December has begun (work orders raised in late December fall due in it), or either table
     * still provisional. Empty when always open.
     */
    public java.util.List<String> warnings(LocalDate today) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (alwaysOpen) {
            return out;
        }
        java.util.List<Integer> relevant = today.getMonthValue() == 12
                ? java.util.List.of(today.getYear(), today.getYear() + 1)
                : java.util.List.of(today.getYear());
        for (int year : relevant) {
            if (!years.contains(year)) {
                out.add("no holiday table for " + year + " (config/calendar/" + year + ".yaml): its holidays and "
                        + "make-up working days are unknown, so R2 due dates in " + year + " count weekends only");
            } else if (provisional.contains(year)) {
                out.add("the " + year + " holiday table is provisional: check it against the State Council's notice "
                        + "(国务院办公厅关于" + year + "年部分节假日安排的通知) and remove 'provisional'");
            }
        }
        return out;
    }

    /** The holiday or make-up working day on {@code date}, if any. */
    public Optional<SpecialDay> specialDay(LocalDate date) {
        return Optional.ofNullable(specialDays.get(date));
    }

    public boolean isWorkingDay(LocalDate date) {
        if (alwaysOpen) {
            return true;
        }
        SpecialDay special = specialDays.get(date);
        if (special != null) {
            return special.working();
        }
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    /** R1: three-way transfers happen only in working time: a working day, inside working hours. */
    public boolean isWorkingTime(Instant instant) {
        if (alwaysOpen) {
            return true;
        }
        ZonedDateTime local = instant.atZone(zone);
        return isWorkingDay(local.toLocalDate()) && hours.contains(local.toLocalTime());
    }

    /**
     * The first instant strictly after {@code from} that falls at local time {@code at} on a working
     * day.
     *
     * <p>R2 says the department must contact the enterprise "before 9:00 of the next working day".
     * We read "next" as the next 09:00 that is on a working day, not as "tomorrow at the earliest":
     * an off-hours request at 02:00 on a working day is due 09:00 that same morning (that is the
     * next working-day 09:00 the department sees), one at 18:00 is due 09:00 of the following working
     * day, and one on Saturday is due Monday 09:00 unless Saturday is a make-up working day.
     */
    public Instant nextWorkingDayAt(Instant from, LocalTime at) {
        ZonedDateTime local = from.atZone(zone);
        LocalDate date = local.toLocalDate();
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++) {
            LocalDate candidate = date.plusDays(i);
            if (isWorkingDay(candidate)) {
                Instant due = candidate.atTime(at).atZone(zone).toInstant();
                if (due.isAfter(from)) {
                    return due;
                }
            }
        }
        throw noWorkingDay(date);
    }

    /** R2's due time for an off-hours work order: {@link #nextWorkingDayAt} at 09:00. */
    public Instant nextWorkingDayAt0900(Instant from) {
        return nextWorkingDayAt(from, WORK_ORDER_DUE_TIME);
    }

    /**
     * The same local time on the {@code n}-th working day after {@code from}'s date (R13–R16
     * deadlines such as "3 working days"). Days are counted from the day after {@code from}, so a
     * Saturday request plus 1 working day is Monday; {@code n = 0} returns {@code from}. Negative
     * {@code n} counts backwards.
     */
    public Instant plusWorkingDays(Instant from, int n) {
        if (n == 0) {
            return from;
        }
        ZonedDateTime local = from.atZone(zone);
        int step = n > 0 ? 1 : -1;
        int left = Math.abs(n);
        LocalDate date = local.toLocalDate();
        int idle = 0;
        while (left > 0) {
            date = date.plusDays(step);
            if (isWorkingDay(date)) {
                left--;
                idle = 0;
            } else if (++idle > MAX_SEARCH_DAYS) {
                throw noWorkingDay(date);
            }
        }
        return ZonedDateTime.of(date, local.toLocalTime(), zone).toInstant();
    }

    /**
     * {@code from} plus {@code amount} of working time: only minutes inside the working hours of
     * working days count (R13's "sign and contact within 2 hours" is read this way, since a
     * department has nobody to sign outside its working time). A request dispatched at 16:30 on a
     * Friday with 08:30–12:00 / 13:30–17:00 hours and 2 h to go is due Monday 10:00; one dispatched
     * at night counts from the next morning's 08:30. When the amount runs out exactly at the end of a
     * period, that end is returned. Always open: plain wall time.
     */
    public Instant plusWorkingTime(Instant from, java.time.Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative working time " + amount);
        }
        if (alwaysOpen || amount.isZero()) {
            return from.plus(amount);
        }
        ZonedDateTime local = from.atZone(zone);
        LocalDate date = local.toLocalDate();
        java.time.Duration left = amount;
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++, date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            for (TimeRange period : hours.periods()) {
                Instant start = date.atTime(period.start()).atZone(zone).toInstant();
                Instant end = date.atTime(period.end()).atZone(zone).toInstant();
                if (!end.isAfter(from)) {
                    continue;
                }
                Instant begin = start.isAfter(from) ? start : from;
                java.time.Duration available = java.time.Duration.between(begin, end);
                if (left.compareTo(available) <= 0) {
                    return begin.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw noWorkingDay(local.toLocalDate());
    }

    private static IllegalStateException noWorkingDay(LocalDate near) {
        return new IllegalStateException("no working day within " + MAX_SEARCH_DAYS + " days of " + near);
    }

    @Override
    public String toString() {
        return alwaysOpen
                ? "WorkCalendar[always open, " + zone + "]"
                : "WorkCalendar[years=" + new TreeSet<>(years)
                        + (provisional.isEmpty() ? "" : ", provisional=" + new TreeSet<>(provisional)) + ", hours="
                        + hours + ", " + zone + "]";
    }
}
