package org.hotline.cti.domain.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.ErrorId;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Matter;

/** What {@link TransferPolicy} decided for a matter, with reasons a user can read. */
public sealed interface TransferDecision {

    /** R1: bring the department's specialist into a three-way call; ring {@code targets} in order. */
    record Conference(
            Matter matter,
            Department department,
            List<RingTarget> targets,
            ThreeWayBudget budget,
            Optional<SupervisorOverride> override)
            implements TransferDecision {
        public Conference {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a conference needs at least one target");
            }
            Objects.requireNonNull(override, "override");
        }

        /** True when a supervisor's override let this call past an exhausted budget (R10). */
        public boolean overridden() {
            return override.isPresent();
        }
    }

    /**
     * R2: no transfer now; a work order to the department instead, of the given urgency, due at
     * {@code due}. {@code reasonId} is stable ({@code outside-working-hours}).
     */
    record WorkOrder(
            Matter matter, Department department, Urgency urgency, ErrorId reasonId, String reason, Instant due)
            implements TransferDecision {}

    /** R3: a general matter, answered at once from the policy knowledge base. */
    record AnswerFromKb(Matter matter, String answer) implements TransferDecision {}

    /** Not allowed; {@code errorId} is stable ({@code unknown-matter}, {@code threeway-budget-exhausted}). */
    record Refused(ErrorId errorId, String message) implements TransferDecision {}

    /** Work-order urgency; R2's off-hours orders are secondary-urgent. */
    enum Urgency {
        SECONDARY_URGENT("次紧急");

        private final String chinese;

        Urgency(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() {
            return chinese;
        }
    }
}
