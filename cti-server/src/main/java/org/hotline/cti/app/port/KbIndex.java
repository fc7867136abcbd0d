package org.hotline.cti.app.port;

import java.time.LocalDate;
import java.util.List;
import org.hotline.cti.domain.kb.KbEntry;

/**
 * Full-text search over knowledge-base entries for agents typing two or three Chinese characters
 * (R3). A change is searchable as soon as {@link #put} returns (R9: updates are live at once).
 */
public interface KbIndex extends AutoCloseable {
    /** Adds or replaces an entry and its documents. */
    void put(KbEntry entry);

    /** Adds many entries at once (start-up), searchable when it returns. */
    void putAll(List<KbEntry> entries);

    /**
     * Entry ids, best first. A match in a policy document counts only on days the document is in
     * effect, so an expired document never brings its entry up (R6).
     */
    List<Long> search(String query, LocalDate day, int limit);

    @Override
    void close();
}
