package org.hotline.cti.domain.transfer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.ErrorId;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.directory.Matter;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;

/**
 * Decides what happens when an agent asks to transfer a matter: R1 three-way call, R2 off-hours work
 * order, R3 knowledge-base answer, R4 rotation specialist first, R10 the day's budget. Pure: the
 * caller passes the instant (from its {@code Clock}) and today's counts.
 */
public final class TransferPolicy {

    public static final ErrorId UNKNOWN_MATTER = ErrorId.UNKNOWN_MATTER;
    public static final ErrorId BUDGET_EXHAUSTED = ErrorId.THREEWAY_BUDGET_EXHAUSTED;
    public static final ErrorId OUTSIDE_WORKING_HOURS = ErrorId.OUTSIDE_WORKING_HOURS;

    private final Directory directory;
    private final WorkCalendar calendar;
    private final Roster roster;
    private final ThreeWayBudget.Settings budgetSettings;

    public TransferPolicy(
            Directory directory, WorkCalendar calendar, Roster roster, ThreeWayBudget.Settings budgetSettings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.roster = Objects.requireNonNull(roster, "roster");
        this.budgetSettings = Objects.requireNonNull(budgetSettings, "budgetSettings");
    }

    public TransferDecision decide(String matterCode, Instant now, DayCounts today) {
        return decide(matterCode, now, today, null);
    }

    /** {@code override} may be null; it matters only when the budget is exhausted. */
    public TransferDecision decide(String matterCode, Instant now, DayCounts today, SupervisorOverride override) {
        Optional<Matter> found = matterCode == null ? Optional.empty() : directory.matter(matterCode.strip());
        if (found.isEmpty()) {
            return new TransferDecision.Refused(
                    UNKNOWN_MATTER,
                    "no matter with code '" + matterCode
                            + "' on the list; search the knowledge base or pick another matter");
        }
        Matter matter = found.get();
        // The Directory guarantees every matter's department exists.
        Department department = directory.department(matter.departmentCode()).orElseThrow();
        if (!matter.threeWay()) {
            // R3: general matters are answered at once from the knowledge base, in or out of hours.
            return new TransferDecision.AnswerFromKb(matter, matter.kbAnswer());
        }
        if (!calendar.isWorkingTime(now)) {
            // R2: off hours a secondary-urgent work order, the department calls back by 09:00 of
            // the next working day (same-day 09:00 when asked before it on a working day).
            Instant due = calendar.nextWorkingDayAt0900(now);
            return new TransferDecision.WorkOrder(
                    matter,
                    department,
                    TransferDecision.Urgency.SECONDARY_URGENT,
                    OUTSIDE_WORKING_HOURS,
                    "outside working hours " + calendar.workingHours() + ": 次紧急 work order to " + department.name()
                            + ", contact the enterprise before " + due,
                    due);
        }
        ThreeWayBudget budget = ThreeWayBudget.forDay(budgetSettings, today);
        Optional<SupervisorOverride> used = Optional.empty();
        if (!budget.allows(today.threeWayCallsSoFar())) {
            // R10: at most 4% of the day's calls, unless the duty supervisor overrides with a reason.
            if (override == null) {
                return new TransferDecision.Refused(
                        BUDGET_EXHAUSTED,
                        "today's three-way budget is used up: "
                                + today.threeWayCallsSoFar() + " of " + budget.limit() + " (4% of "
                                + budget.expectedCalls()
                                + " expected calls); a duty supervisor may override with a reason");
            }
            used = Optional.of(override);
        }
        return new TransferDecision.Conference(matter, department, targets(department, now), budget, used);
    }

    /** R4: during a rotation session the on-duty specialist's hotline extension first, then R1's numbers. */
    private List<RingTarget> targets(Department department, Instant now) {
        List<RingTarget> targets = new ArrayList<>();
        Optional<RotationDuty> duty = roster.onDutySpecialist(department.code(), now);
        duty.ifPresent(d -> targets.add(new RingTarget(
                d.extension(),
                "rotation specialist " + d.specialist() + " (" + department.name() + ")",
                department.ringTimeout())));
        List<String> numbers = department.transferNumbers();
        for (int i = 0; i < numbers.size(); i++) {
            targets.add(new RingTarget(
                    numbers.get(i), department.name() + " transfer number " + (i + 1), department.ringTimeout()));
        }
        return targets;
    }
}
