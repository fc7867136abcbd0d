package org.hotline.cti.app.kb;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.KbIndex;
import org.hotline.cti.app.port.KbStore;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.directory.Matter;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.KbException;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy knowledge base (R3, R6, R8, R9): agents search answer scripts and the policy documents
 * in effect; each department adds and edits its own entries, live at once, clears what expired,
 * and answers the questions agents could not.
 * Entries are few enough (tens of thousands) to keep in memory beside the search index; the store
 * is the record.
 */
public final class KnowledgeBase {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    public static final int MAX_RESULTS = 20;

    /** Who acts: a department's staff act only for their own department; hotline staff may act for any. */
    public record Actor(String user, Kind kind, String department) {
        public enum Kind {
            AGENT,
            HOTLINE_STAFF,
            DEPARTMENT
        }

        public Actor {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.DEPARTMENT && (department == null || department.isBlank())) {
                throw new IllegalArgumentException("a department actor names its department");
            }
        }

        /** The actor a logged-in session is: a department user for its department, an agent, or hotline staff. */
        public static Actor of(org.hotline.cti.app.auth.Session s) {
            return switch (s.role()) {
                case DEPARTMENT -> new Actor(s.user(), Kind.DEPARTMENT, s.department());
                case AGENT -> new Actor(s.user(), Kind.AGENT, null);
                default -> new Actor(s.user(), Kind.HOTLINE_STAFF, null);
            };
        }

        boolean mayEdit(String entryDepartment) {
            return kind == Kind.HOTLINE_STAFF || (kind == Kind.DEPARTMENT && department.equals(entryDepartment));
        }
    }

    /** An entry with the documents a department must clear (R6). */
    public record Expired(KbEntry entry, List<PolicyDocument> documents) {}

    private final KbStore store;
    private final KbIndex index;
    private final Supplier<Directory> directory;
    private final Supplier<ZoneId> zone;
    private final Clock clock;
    private final Map<Long, KbEntry> entries = new ConcurrentHashMap<>();
    private final Map<Long, UnansweredQuestion> questions = new ConcurrentHashMap<>();

    public KnowledgeBase(
            KbStore store, KbIndex index, Supplier<Directory> directory, Supplier<ZoneId> zone, Clock clock) {
        this.store = store;
        this.index = index;
        this.directory = directory;
        this.zone = zone;
        this.clock = clock;
    }

    /** Reads the store into memory and the index; an empty store is seeded with {@code seed} (the demo's entries). */
    public synchronized int load(List<KbEntry> seed) {
        List<KbEntry> stored = store.entries();
        if (stored.isEmpty() && !seed.isEmpty()) {
            Actor seeder = new Actor("kb.yaml", Actor.Kind.HOTLINE_STAFF, null);
            seed.forEach(e -> checkEditable(seeder, e)); // a seed naming an unknown matter fails the start
            stored = seed.stream().map(store::save).toList();
            log.info("knowledge base: seeded {} entries", stored.size());
        }
        stored.forEach(e -> entries.put(e.id(), e));
        index.putAll(stored);
        store.questions().forEach(q -> questions.put(q.id(), q));
        return entries.size();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone.get()));
    }

    /** R3: entries matching {@code query} as agents see them today, best first; all of them for a blank query. */
    public List<KbEntry> search(String query, int limit) {
        LocalDate day = today();
        int n = Math.max(1, Math.min(limit, 200));
        if (query == null || query.isBlank()) {
            return entries.values().stream()
                    .sorted(Comparator.comparing(KbEntry::department).thenComparing(KbEntry::title))
                    .limit(n)
                    .map(e -> e.asSeenOn(day))
                    .toList();
        }
        List<KbEntry> out = new ArrayList<>();
        for (long id : index.search(query, day, n)) {
            KbEntry e = entries.get(id);
            if (e != null) {
                out.add(e.asSeenOn(day));
            }
        }
        return out;
    }

    /** One entry: agents see the documents in effect; its department and hotline staff see all of them. */
    public KbEntry get(Actor by, long id) {
        KbEntry e = find(id);
        return by.mayEdit(e.department()) ? e : e.asSeenOn(today());
    }

    private KbEntry find(long id) {
        KbEntry e = entries.get(id);
        if (e == null) {
            throw new KbException(ErrorId.NO_SUCH_ENTRY, "no knowledge-base entry " + id);
        }
        return e;
    }

    /** R9: a department adds an entry; agents find it as soon as this returns. */
    public synchronized KbEntry create(Actor by, KbEntry draft) {
        checkEditable(by, draft);
        return stored(
                new KbEntry(
                        0,
                        draft.department(),
                        draft.matter(),
                        draft.title(),
                        draft.script(),
                        draft.documents(),
                        by.user(),
                        clock.instant()),
                "added");
    }

    /** R6/R9: a department edits its entry (e.g. clears an expired document, adds the new one). */
    public synchronized KbEntry update(Actor by, long id, KbEntry draft) {
        KbEntry current = find(id);
        if (!by.mayEdit(current.department())) {
            throw new KbException(ErrorId.NOT_YOUR_ENTRY, "entry " + id + " belongs to " + current.department());
        }
        checkEditable(by, draft);
        return stored(
                new KbEntry(
                        id,
                        draft.department(),
                        draft.matter(),
                        draft.title(),
                        draft.script(),
                        draft.documents(),
                        by.user(),
                        clock.instant()),
                "updated");
    }

    private KbEntry stored(KbEntry e, String what) {
        KbEntry saved = store.save(e);
        entries.put(saved.id(), saved);
        index.put(saved);
        log.info(
                "knowledge base: entry {} '{}' of {} {} by {}",
                saved.id(),
                saved.title(),
                saved.department(),
                what,
                saved.updatedBy());
        return saved;
    }

    private void checkEditable(Actor by, KbEntry draft) {
        if (!by.mayEdit(draft.department())) {
            throw new KbException(
                    ErrorId.NOT_YOUR_ENTRY,
                    by.kind() == Actor.Kind.AGENT
                            ? "agents read the knowledge base; departments keep it (R9)"
                            : "you keep the entries of " + by.department() + ", not of " + draft.department());
        }
        Directory dir = directory.get();
        if (dir.department(draft.department()).isEmpty()) {
            throw new KbException(ErrorId.UNKNOWN_DEPARTMENT, "no department with code '" + draft.department() + "'");
        }
        if (draft.matter() != null) {
            Matter m = dir.matter(draft.matter())
                    .orElseThrow(() ->
                            new KbException(ErrorId.UNKNOWN_MATTER, "no matter with code '" + draft.matter() + "'"));
            if (!m.departmentCode().equals(draft.department())) {
                throw new KbException(
                        ErrorId.WRONG_DEPARTMENT, "matter " + m.code() + " belongs to " + m.departmentCode());
            }
        }
    }

    /**
     * R9: the entries a department keeps, with all their documents (expired and not yet in effect
     * too: it edits them); a department sees only its own, hotline staff one department's or all.
     */
    public List<KbEntry> entries(Actor by, String department) {
        if (by.kind() == Actor.Kind.AGENT) {
            throw new KbException(
                    ErrorId.NOT_YOUR_ENTRY, "agents search the knowledge base; departments list what they keep (R9)");
        }
        String dept = by.kind() == Actor.Kind.DEPARTMENT ? by.department() : department;
        return entries.values().stream()
                .filter(e -> dept == null || dept.isBlank() || e.department().equals(dept))
                .sorted(Comparator.comparing(KbEntry::department).thenComparing(KbEntry::id))
                .toList();
    }

    /** Today in the hotline's zone, for clients that mark documents in effect or expired. */
    public LocalDate day() {
        return today();
    }

    /** R6: entries with documents past their expiry, for the department (or every department for hotline staff). */
    public List<Expired> expired(Actor by, String department) {
        String dept = by.kind() == Actor.Kind.DEPARTMENT ? by.department() : department;
        LocalDate day = today();
        return entries.values().stream()
                .filter(e -> dept == null || dept.isBlank() || e.department().equals(dept))
                .map(e -> new Expired(e, e.expiredOn(day)))
                .filter(x -> !x.documents().isEmpty())
                .sorted(Comparator.comparing((Expired x) -> x.entry().department())
                        .thenComparing(x -> x.entry().id()))
                .toList();
    }

    /** R9: an agent records a question the knowledge base could not answer, for its department. */
    public synchronized UnansweredQuestion ask(
            Actor by, String department, String matter, String question, String callId) {
        Directory dir = directory.get();
        String dept = department;
        if ((dept == null || dept.isBlank()) && matter != null && !matter.isBlank()) {
            dept = dir.matter(matter.strip()).map(Matter::departmentCode).orElse(null);
        }
        if (dept == null || dir.department(dept).isEmpty()) {
            throw new KbException(
                    ErrorId.UNKNOWN_DEPARTMENT, "name the department the question belongs to (department or matter)");
        }
        UnansweredQuestion q = store.save(new UnansweredQuestion(
                0, dept, matter, question, callId, by.user(), clock.instant(), null, null, null, 0));
        questions.put(q.id(), q);
        log.info("knowledge base: question {} for {} recorded by {}", q.id(), dept, by.user());
        return q;
    }

    /** Open (or all) questions of a department; a department sees only its own. */
    public List<UnansweredQuestion> questions(Actor by, String department, boolean openOnly) {
        String dept = by.kind() == Actor.Kind.DEPARTMENT ? by.department() : department;
        return questions.values().stream()
                .filter(q -> dept == null || dept.isBlank() || q.department().equals(dept))
                .filter(q -> !openOnly || q.open())
                .sorted(Comparator.comparing(UnansweredQuestion::id))
                .toList();
    }

    /**
     * R9: the department answers; with {@code entryTitle} the answer also becomes an entry (script =
     * the answer), searchable at once.
     */
    public synchronized UnansweredQuestion answer(Actor by, long id, String answer, String entryTitle) {
        UnansweredQuestion q = questions.get(id);
        if (q == null) {
            throw new KbException(ErrorId.NO_SUCH_QUESTION, "no question " + id);
        }
        if (!by.mayEdit(q.department())) {
            throw new KbException(ErrorId.NOT_YOUR_QUESTION, "question " + id + " belongs to " + q.department());
        }
        long entryId = 0;
        if (entryTitle != null && !entryTitle.isBlank()) {
            entryId = create(
                            by,
                            new KbEntry(
                                    0,
                                    q.department(),
                                    q.matter(),
                                    entryTitle,
                                    answer,
                                    List.of(),
                                    by.user(),
                                    clock.instant()))
                    .id();
        }
        UnansweredQuestion done = store.save(q.answered(answer, by.user(), clock.instant(), entryId));
        questions.put(done.id(), done);
        return done;
    }

    public Optional<KbEntry> entryFor(String matter) {
        LocalDate day = today();
        return entries.values().stream()
                .filter(e -> matter.equals(e.matter()))
                .min(Comparator.comparing(KbEntry::id))
                .map(e -> e.asSeenOn(day));
    }

    public int size() {
        return entries.size();
    }
}
