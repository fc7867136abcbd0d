package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.roster.Roster;

/**
 * R4: which days have a rotation session. A session day is a working day (config/calendar/) that is
 * a session weekday (Tuesday, Friday) or an extra date a duty lists in roster.yaml. So a Tuesday in
 * a holiday has none, and a 调休 make-up Saturday does not become one by standing in for a weekday:
 * the roster names it as an extra date when the departments want a session there.
 */
public final class RotationSchedule {
    /** How far ahead "the next session" is looked for: past the longest holiday (春节, 国庆) with room. */
    static final int LOOKAHEAD_DAYS = 31;

    private final Roster roster;

    public RotationSchedule(Roster roster) {
        this.roster = Objects.requireNonNull(roster, "roster");
    }

    public Optional<SessionSlot> sessionOn(LocalDate date) {
        WorkCalendar calendar = roster.calendar();
        boolean sessionDay = roster.rules().days().contains(date.getDayOfWeek())
                || roster.duties().stream().anyMatch(d -> d.dates().contains(date));
        if (!sessionDay || !calendar.isWorkingDay(date)) {
            return Optional.empty();
        }
        ZoneId zone = calendar.zone();
        return Optional.of(new SessionSlot(
                date,
                date.atTime(roster.rules().hours().start()).atZone(zone).toInstant(),
                date.atTime(roster.rules().hours().end()).atZone(zone).toInstant()));
    }

    /** The session in progress at {@code at}, or else the next one to start. */
    public Optional<SessionSlot> currentOrNext(Instant at) {
        LocalDate today = at.atZone(roster.calendar().zone()).toLocalDate();
        for (int i = 0; i <= LOOKAHEAD_DAYS; i++) {
            Optional<SessionSlot> s = sessionOn(today.plusDays(i)).filter(slot -> at.isBefore(slot.end()));
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /** The session in progress at {@code at}, if any. */
    public Optional<SessionSlot> inProgress(Instant at) {
        return sessionOn(at.atZone(roster.calendar().zone()).toLocalDate()).filter(s -> s.inProgress(at));
    }
}
