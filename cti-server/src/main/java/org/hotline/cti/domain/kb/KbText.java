package org.hotline.cti.domain.kb;

import org.hotline.cti.ErrorId;

/** Field checks shared by the knowledge base's records: trimmed text, bounded lengths, named errors. */
final class KbText {
    private KbText() {}

    static String required(String field, String value, int max) {
        String v = optional(field, value, max);
        if (v.isEmpty()) {
            throw new KbException(ErrorId.MISSING_FIELD, "field '" + field + "' is required");
        }
        return v;
    }

    static String optional(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            throw new KbException(
                    ErrorId.FIELD_TOO_LONG, "field '" + field + "' is longer than " + max + " characters");
        }
        return v;
    }
}
