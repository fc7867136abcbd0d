package org.hotline.cti.domain.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.domain.calendar.WorkCalendar;

/**
 * Who is on duty when: rotation specialists at the hotline (R4) and duty supervisors (R11). Pure:
 * every query takes the instant it is about, read by the caller from an injected clock.
 */
public final class Roster {

    /** A supervisor's shift and the instant it starts (or started). */
    public record SupervisorOnDuty(SupervisorShift shift, Instant from) {}

    private final RotationRules rules;
    private final List<RotationDuty> duties;
    private final List<SupervisorShift> supervisors;
    private final WorkCalendar calendar;

    public Roster(
            RotationRules rules, List<RotationDuty> duties, List<SupervisorShift> supervisors, WorkCalendar calendar) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.duties = List.copyOf(duties);
        this.supervisors = List.copyOf(supervisors);
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    public RotationRules rules() {
        return rules;
    }

    public List<RotationDuty> duties() {
        return duties;
    }

    public List<SupervisorShift> supervisors() {
        return supervisors;
    }

    public WorkCalendar calendar() {
        return calendar;
    }

    /**
     * R4: true during a rotation session: a session weekday (or a duty's extra date) that is a
     * working day, inside the session hours. A Tuesday in the Spring Festival has no session.
     */
    public boolean inRotationSession(Instant at) {
        LocalDateTime local = local(at);
        LocalDate date = local.toLocalDate();
        return rules.hours().contains(local.toLocalTime())
                && calendar.isWorkingDay(date)
                && (rules.days().contains(date.getDayOfWeek())
                        || duties.stream().anyMatch(d -> d.dates().contains(date)));
    }

    /** R4: the department's specialist sitting at the hotline now, if a session is on; the first listed wins. */
    public Optional<RotationDuty> onDutySpecialist(String department, Instant at) {
        LocalDateTime local = local(at);
        LocalDate date = local.toLocalDate();
        if (!rules.hours().contains(local.toLocalTime()) || !calendar.isWorkingDay(date)) {
            return Optional.empty();
        }
        return duties.stream()
                .filter(d -> d.department().equals(department))
                .filter(d -> d.dates().contains(date)
                        || (d.days().contains(date.getDayOfWeek())
                                && rules.days().contains(date.getDayOfWeek())))
                .findFirst();
    }

    /** R11: the duty supervisor on duty at {@code at}; the first listed wins when shifts overlap. */
    public Optional<SupervisorShift> dutySupervisor(Instant at) {
        LocalDateTime local = local(at);
        return supervisors.stream().filter(s -> s.covers(local)).findFirst();
    }

    /**
     * R11: the supervisor on duty now, or else the next one to come on duty within a week, with the
     * instant their shift starts, so a missed call is never left without an owner.
     */
    public Optional<SupervisorOnDuty> dutySupervisorOrNext(Instant at) {
        Optional<SupervisorShift> now = dutySupervisor(at);
        if (now.isPresent()) {
            return Optional.of(new SupervisorOnDuty(now.get(), at));
        }
        LocalDate today = local(at).toLocalDate();
        SupervisorOnDuty best = null;
        for (int i = 0; i <= 7; i++) {
            LocalDate date = today.plusDays(i);
            for (SupervisorShift s : supervisors) {
                if (!s.days().contains(date.getDayOfWeek())) {
                    continue;
                }
                Instant start = ZonedDateTime.of(date, s.hours().start(), calendar.zone())
                        .toInstant();
                if (start.isAfter(at) && (best == null || start.isBefore(best.from()))) {
                    best = new SupervisorOnDuty(s, start);
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private LocalDateTime local(Instant at) {
        return at.atZone(calendar.zone()).toLocalDateTime();
    }
}
