package org.hotline.cti.domain.kb;

import java.time.LocalDate;
import org.hotline.cti.ErrorId;

/**
 * A policy document behind an answer script (R3, R6): what an agent may quote, from when to when.
 * A document is in effect from {@code effective} through {@code expires} inclusive; from the day
 * after it expires agents no longer see it and its department is asked to clear it (R6).
 *
 * @param number the issuing body's document number (文号), e.g. 财政部 税务总局公告2022年第14号
 * @param link   where the full text is published, or null
 * @param text   the text or an excerpt, searched by agents; may be empty
 */
public record PolicyDocument(
        String title, String issuer, String number, LocalDate effective, LocalDate expires, String link, String text) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_TEXT = 20_000;

    public PolicyDocument {
        title = KbText.required("title", title, MAX_TITLE);
        issuer = KbText.optional("issuer", issuer, 100);
        number = KbText.optional("number", number, 100);
        link = KbText.optional("link", link, 500);
        text = KbText.optional("text", text, MAX_TEXT);
        if (effective == null) {
            throw new KbException(ErrorId.MISSING_FIELD, "document '" + title + "': field 'effective' is required");
        }
        if (expires != null && expires.isBefore(effective)) {
            throw new KbException(
                    ErrorId.BAD_DATES,
                    "document '" + title + "' expires (" + expires + ") before it takes effect (" + effective + ")");
        }
    }

    /** R6: what agents may quote on {@code day}. */
    public boolean inEffect(LocalDate day) {
        return !day.isBefore(effective) && !expired(day);
    }

    /** From the day after {@code expires}: hidden from agents, listed for the department to clear (R6). */
    public boolean expired(LocalDate day) {
        return expires != null && day.isAfter(expires);
    }
}
