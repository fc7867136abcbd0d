package org.hotline.cti.domain.workorder;

import java.time.LocalDate;
import java.util.List;

/**
 * R13: a policy suggestion that cannot be settled soon gets a stepwise plan, a deadline, an owner
 * and a contact, all told to the caller.
 */
public record Plan(List<String> steps, LocalDate deadline, String owner, String contact) {
    public Plan {
        steps = steps == null
                ? List.of()
                : steps.stream()
                        .filter(s -> s != null && !s.isBlank())
                        .map(String::strip)
                        .toList();
    }
}
