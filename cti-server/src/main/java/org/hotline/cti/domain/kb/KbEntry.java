package org.hotline.cti.domain.kb;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.hotline.cti.ErrorId;

/**
 * One knowledge-base entry (R3, R8, R9): the answer script (口径) agents read for a matter, with the
 * policy documents behind it, owned and kept up to date by one department.
 *
 * @param id     0 until stored
 * @param matter the directory's matter code it answers, or null for a question outside the list
 */
public record KbEntry(
        long id,
        String department,
        String matter,
        String title,
        String script,
        List<PolicyDocument> documents,
        String updatedBy,
        Instant updatedAt) {
    public static final int MAX_SCRIPT = 4_000;
    public static final int MAX_DOCUMENTS = 50;

    public KbEntry {
        department = KbText.required("department", department, 64);
        matter = matter == null || matter.isBlank() ? null : matter.strip();
        title = KbText.required("title", title, PolicyDocument.MAX_TITLE);
        script = KbText.required("script", script, MAX_SCRIPT);
        documents = List.copyOf(documents == null ? List.of() : documents);
        if (documents.size() > MAX_DOCUMENTS) {
            throw new KbException(ErrorId.TOO_MANY_DOCUMENTS, "an entry holds at most " + MAX_DOCUMENTS + " documents");
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** What agents see on {@code day}: only documents in effect (R6). */
    public KbEntry asSeenOn(LocalDate day) {
        return new KbEntry(
                id,
                department,
                matter,
                title,
                script,
                documents.stream().filter(d -> d.inEffect(day)).toList(),
                updatedBy,
                updatedAt);
    }

    /** Documents past their expiry on {@code day}, for the department to clear (R6). */
    public List<PolicyDocument> expiredOn(LocalDate day) {
        return documents.stream().filter(d -> d.expired(day)).toList();
    }

    public KbEntry withId(long newId) {
        return new KbEntry(newId, department, matter, title, script, documents, updatedBy, updatedAt);
    }
}
