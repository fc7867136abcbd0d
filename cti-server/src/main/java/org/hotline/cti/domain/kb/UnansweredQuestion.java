package org.hotline.cti.domain.kb;

import java.time.Instant;
import org.hotline.cti.ErrorId;

/**
 * A question an agent could not answer from the knowledge base (R9): collected for the department
 * it belongs to, answered there; the answer may become an entry.
 *
 * @param answer   null while open
 * @param entryId  the entry made from the answer, or 0
 */
public record UnansweredQuestion(
        long id,
        String department,
        String matter,
        String question,
        String callId,
        String askedBy,
        Instant askedAt,
        String answer,
        String answeredBy,
        Instant answeredAt,
        long entryId) {
    public static final int MAX_QUESTION = 1_000;

    public UnansweredQuestion {
        department = KbText.required("department", department, 64);
        question = KbText.required("question", question, MAX_QUESTION);
        matter = matter == null || matter.isBlank() ? null : matter.strip();
    }

    public boolean open() {
        return answer == null;
    }

    public UnansweredQuestion answered(String text, String by, Instant at, long madeEntry) {
        if (!open()) {
            throw new KbException(ErrorId.ALREADY_ANSWERED, "question " + id + " was answered by " + answeredBy);
        }
        return new UnansweredQuestion(
                id,
                department,
                matter,
                question,
                callId,
                askedBy,
                askedAt,
                KbText.required("answer", text, KbEntry.MAX_SCRIPT),
                by,
                at,
                madeEntry);
    }
}
