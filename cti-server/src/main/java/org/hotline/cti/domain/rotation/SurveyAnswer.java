package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * R7: one survey question put to a market entity in a session: its answer, or, when it could not be
 * answered at once, what must be followed up and the work order that became ({@code workOrderId}).
 */
public record SurveyAnswer(
        long id,
        LocalDate session,
        MarketEntity entity,
        String phone,
        String questionId,
        String question,
        String answer,
        String followUp,
        Long workOrderId,
        String by,
        String department,
        Instant at) {
    public SurveyAnswer {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }

    public boolean pending() {
        return workOrderId != null;
    }
}
