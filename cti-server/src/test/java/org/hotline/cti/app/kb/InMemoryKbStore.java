package org.hotline.cti.app.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.cti.app.port.KbStore;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.UnansweredQuestion;

/** The store port in memory, for use-case tests. */
final class InMemoryKbStore implements KbStore {
    final Map<Long, KbEntry> entries = new TreeMap<>();
    final Map<Long, UnansweredQuestion> questions = new TreeMap<>();
    private long nextEntry = 1;
    private long nextQuestion = 1;

    @Override
    public synchronized List<KbEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public synchronized KbEntry save(KbEntry e) {
        KbEntry saved = e.id() == 0 ? e.withId(nextEntry++) : e;
        entries.put(saved.id(), saved);
        return saved;
    }

    @Override
    public synchronized List<UnansweredQuestion> questions() {
        return new ArrayList<>(questions.values());
    }

    @Override
    public synchronized UnansweredQuestion save(UnansweredQuestion q) {
        UnansweredQuestion saved = q.id() != 0
                ? q
                : new UnansweredQuestion(
                        nextQuestion++,
                        q.department(),
                        q.matter(),
                        q.question(),
                        q.callId(),
                        q.askedBy(),
                        q.askedAt(),
                        q.answer(),
                        q.answeredBy(),
                        q.answeredAt(),
                        q.entryId());
        questions.put(saved.id(), saved);
        return saved;
    }
}
