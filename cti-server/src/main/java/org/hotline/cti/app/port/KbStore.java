package org.hotline.cti.app.port;

import java.util.List;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.UnansweredQuestion;

/** Where knowledge-base entries and the questions agents could not answer are kept (R3, R9). */
public interface KbStore {
    List<KbEntry> entries();

    /** Inserts ({@code id == 0}, returns it with its id) or replaces an entry with its documents. */
    KbEntry save(KbEntry entry);

    List<UnansweredQuestion> questions();

    /** Inserts ({@code id == 0}) or updates a question. */
    UnansweredQuestion save(UnansweredQuestion question);
}
