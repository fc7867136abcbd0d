package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.kb.KnowledgeBase;
import org.hotline.cti.app.kb.KnowledgeBase.Actor;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;

/**
 * The directory of departments and the policy knowledge base (R3, R6, R9): agents search it;
 * each department adds and edits its own entries (live at once), sees what expired and answers
 * the questions agents could not.
 */
public final class KnowledgeBaseApi {
    private final HotlineDesk desk;
    private final KnowledgeBase kb;
    private final Supplier<Directory> directory;

    public KnowledgeBaseApi(HotlineDesk desk, KnowledgeBase kb, Supplier<Directory> directory) {
        this.desk = desk;
        this.kb = kb;
        this.directory = directory;
    }

    public void register(Router r) {
        r.get("/api/departments", Role.DEPARTMENT, req -> HttpResponse.json(Map.of("departments", desk.departments())));
        r.get("/api/kb", Role.DEPARTMENT, req -> HttpResponse.json(Map.of("results", desk.searchKb(req.param("q")))));
        r.get(
                "/api/kb/expired",
                Role.DEPARTMENT,
                req -> HttpResponse.json(Map.of(
                        "expired",
                        kb.expired(actor(req.session()), req.param("department")).stream()
                                .map(x -> Map.of(
                                        "entry",
                                        entry(x.entry()),
                                        "expiredDocuments",
                                        x.documents().stream()
                                                .map(PolicyDocument::title)
                                                .toList()))
                                .toList())));
        r.get(
                "/api/kb/questions",
                Role.DEPARTMENT,
                req -> HttpResponse.json(Map.of(
                        "questions",
                        kb.questions(
                                actor(req.session()), req.param("department"), !"all".equals(req.param("status"))))));
        r.post("/api/kb/questions", Role.AGENT, req -> {
            JsonNode n = Json.tree(req.body());
            UnansweredQuestion q = kb.ask(
                    actor(req.session()),
                    n.path("department").asText(null),
                    n.path("matter").asText(null),
                    Json.requiredText(n, "question"),
                    n.path("callId").asText(null));
            return HttpResponse.json(HttpResponseStatus.CREATED, Map.of("question", q));
        });
        r.post("/api/kb/questions/{id}/answer", Role.DEPARTMENT, req -> {
            JsonNode n = Json.tree(req.body());
            return HttpResponse.json(Map.of(
                    "question",
                    kb.answer(
                            actor(req.session()),
                            id(req),
                            Json.requiredText(n, "answer"),
                            n.path("entryTitle").asText(null))));
        });
        // R9: what the department keeps, every document with its standing today (before /api/kb/{id}).
        r.get("/api/kb/entries", Role.DEPARTMENT, req -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (KbEntry e : kb.entries(actor(req.session()), req.param("department"))) {
                out.add(entry(e));
            }
            return HttpResponse.json(Map.of("entries", out, "day", kb.day().toString()));
        });
        r.get(
                "/api/kb/{id}",
                Role.DEPARTMENT,
                req -> HttpResponse.json(Map.of("entry", entry(kb.get(actor(req.session()), id(req))))));
        r.post(
                "/api/kb",
                Role.DEPARTMENT,
                req -> HttpResponse.json(
                        HttpResponseStatus.CREATED,
                        Map.of("entry", entry(kb.create(actor(req.session()), draft(req, Json.tree(req.body())))))));
        r.add(
                io.netty.handler.codec.http.HttpMethod.PUT,
                "/api/kb/{id}",
                Role.DEPARTMENT,
                req -> HttpResponse.json(Map.of(
                        "entry", entry(kb.update(actor(req.session()), id(req), draft(req, Json.tree(req.body())))))));
    }

    /**
     * An entry with full document texts, each document marked {@code status}: {@code in-effect},
     * {@code expired} (hidden from agents, to clear: R6) or {@code pending} (not yet in effect).
     */
    private Map<String, Object> entry(KbEntry e) {
        Map<String, Object> out = HotlineDesk.kbResult(directory.get(), e, Integer.MAX_VALUE);
        LocalDate day = kb.day();
        Object docs = out.get("documents");
        if (docs instanceof List<?> views) {
            for (int i = 0; i < views.size() && i < e.documents().size(); i++) {
                PolicyDocument d = e.documents().get(i);
                if (views.get(i) instanceof Map<?, ?> view) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) view;
                    m.put("status", d.expired(day) ? "expired" : d.inEffect(day) ? "in-effect" : "pending");
                }
            }
        }
        return out;
    }

    static Actor actor(Session s) {
        return Actor.of(s);
    }

    private static long id(HttpRequest req) {
        String v = req.pathParam("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CtiException(ErrorId.BAD_ID, "'" + v + "' is not an id");
        }
    }

    /** An entry as sent: a department's own code is the default department. */
    private static KbEntry draft(HttpRequest req, JsonNode n) {
        String department = n.path("department").asText(null);
        if ((department == null || department.isBlank()) && req.session().role() == Role.DEPARTMENT) {
            department = req.session().department();
        }
        List<PolicyDocument> docs = new ArrayList<>();
        JsonNode list = n.path("documents");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new CtiException(ErrorId.BAD_DOCUMENTS, "field 'documents' must be a list");
        }
        for (JsonNode d : list) {
            docs.add(new PolicyDocument(
                    d.path("title").asText(null),
                    d.path("issuer").asText(null),
                    d.path("number").asText(null),
                    date(d, "effective"),
                    date(d, "expires"),
                    d.path("link").asText(null),
                    d.path("text").asText(null)));
        }
        return new KbEntry(
                0,
                department,
                n.path("matter").asText(null),
                n.path("title").asText(null),
                n.path("script").asText(null),
                docs,
                req.session().user(),
                java.time.Instant.EPOCH);
    }

    private static LocalDate date(JsonNode d, String field) {
        String v = d.path(field).asText(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new CtiException(
                    ErrorId.BAD_DATE, "document field '" + field + "' must be a date YYYY-MM-DD, was '" + v + "'");
        }
    }
}
