package org.hotline.cti.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.kb.KnowledgeBase;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.WrapUpRequest;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Matter;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;

/**
 * The agent's everyday requests besides transfers: the directory and knowledge base (R3),
 * wrap-ups (R12), a caller's recent calls for the screen pop (work orders: WorkOrderService).
 */
public final class HotlineDesk {
    private final HotlineRules rules;
    private final CallStore calls;
    private final TransferStore transfers;
    private final org.hotline.cti.app.arrival.RecordedEnterprises enterprises;
    private final LiveEvents events;
    private final Clock clock;
    private volatile KnowledgeBase knowledgeBase;

    public HotlineDesk(HotlineRules rules, CallStore calls, TransferStore transfers, LiveEvents events, Clock clock) {
        this.rules = rules;
        this.calls = calls;
        this.transfers = transfers;
        this.enterprises = new org.hotline.cti.app.arrival.RecordedEnterprises(transfers);
        this.events = events;
        this.clock = clock;
    }

    public List<Map<String, Object>> departments() {
        List<Map<String, Object>> out = new ArrayList<>();
        var dir = rules.now().directory();
        for (Department d : dir.departments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", d.code());
            m.put("name", d.name());
            m.put("transferNumbers", d.transferNumbers());
            m.put("ringTimeoutSeconds", d.ringTimeout().toSeconds());
            m.put(
                    "matters",
                    dir.mattersOf(d.code()).stream()
                            .map(mt -> Map.of("code", mt.code(), "name", mt.name(), "threeWay", mt.threeWay()))
                            .toList());
            out.add(m);
        }
        return out;
    }

    /**
     * R3: what an agent finds for {@code q}: knowledge-base entries (answer script and the policy
     * documents in effect, best first), then listed matters found by name or code that have no
     * entry yet (with the directory's short answer). Each result keeps the fields clients already
     * read ({@code code}, {@code name}, {@code answer}, {@code threeWay}).
     */
    public List<Map<String, Object>> searchKb(String q) {
        var dir = rules.now().directory();
        List<Map<String, Object>> out = new ArrayList<>();
        java.util.Set<String> covered = new java.util.HashSet<>();
        if (knowledgeBase != null) {
            for (KbEntry e : knowledgeBase.search(q, KnowledgeBase.MAX_RESULTS)) {
                out.add(kbResult(dir, e, 500));
                if (e.matter() != null) {
                    covered.add(e.matter());
                }
            }
        }
        List<Matter> found = q == null || q.isBlank() ? dir.matters() : dir.search(q);
        for (Matter m : found) {
            if (covered.contains(m.code())) {
                continue;
            }
            // Found by the matter's name or code (which the text index does not hold): its entry, if it has one.
            Optional<KbEntry> entry = knowledgeBase == null ? Optional.empty() : knowledgeBase.entryFor(m.code());
            if (entry.isPresent()) {
                out.add(kbResult(dir, entry.get(), 500));
                covered.add(m.code());
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("code", m.code());
            r.put("name", m.name());
            r.put("department", m.departmentCode());
            r.put(
                    "departmentName",
                    dir.department(m.departmentCode()).map(Department::name).orElse(null));
            r.put("threeWay", m.threeWay());
            r.put("answer", m.kbAnswer());
            r.put("documents", List.of());
            out.add(r);
        }
        return out;
    }

    /** One knowledge-base entry as agents and departments read it; document texts cut at {@code textChars}. */
    public static Map<String, Object> kbResult(
            org.hotline.cti.domain.directory.Directory dir, KbEntry e, int textChars) {
        Map<String, Object> r = new LinkedHashMap<>();
        Optional<Matter> m = e.matter() == null ? Optional.empty() : dir.matter(e.matter());
        r.put("entryId", e.id());
        r.put("code", e.matter());
        r.put("name", e.title());
        r.put("matterName", m.map(Matter::name).orElse(null));
        r.put("department", e.department());
        r.put(
                "departmentName",
                dir.department(e.department()).map(Department::name).orElse(null));
        r.put("threeWay", m.map(Matter::threeWay).orElse(false));
        r.put("answer", e.script());
        List<Map<String, Object>> docs = new ArrayList<>();
        for (PolicyDocument d : e.documents()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("title", d.title());
            dm.put("issuer", d.issuer());
            dm.put("number", d.number());
            dm.put("effective", d.effective().toString());
            dm.put("expires", d.expires() == null ? null : d.expires().toString());
            dm.put("link", d.link().isEmpty() ? null : d.link());
            dm.put("text", d.text().length() > textChars ? d.text().substring(0, textChars) + "…" : d.text());
            docs.add(dm);
        }
        r.put("documents", docs);
        r.put("updatedBy", e.updatedBy());
        r.put("updatedAt", e.updatedAt());
        return r;
    }

    /** R3/R9: the policy knowledge base behind {@link #searchKb}; without one, only the directory's answers. */
    public void useKnowledgeBase(KnowledgeBase kb) {
        this.knowledgeBase = kb;
    }

    /** R12: the wrap-up as stored ({@link #wrapUpCall} also gives the question 未能解答 sent). */
    public Wrapup wrapUp(Session by, WrapUpRequest request) {
        return wrapUpCall(by, request).wrapup();
    }

    /** A wrap-up, and for 未能解答 the question it sent to the department (R9), else null. */
    public record WrappedUp(Wrapup wrapup, UnansweredQuestion question) {}

    /**
     * R12: the agent's resolution of a call (direct / transferred / work-order / unanswered). With
     * 未能解答 the caller's question is recorded for its department (R9: the request's department,
     * else the matter's), which answers it in its inbox; nothing is stored when it cannot be placed.
     */
    public WrappedUp wrapUpCall(Session by, WrapUpRequest request) {
        String callId = request.callId();
        String matter = request.matter();
        CallRecord call = calls.find(callId)
                .orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALL, "no call with id '" + callId + "'"));
        // Issue 11 item 6: below supervisor, only the agent who answered the call wraps it up.
        if (!by.role().atLeast(org.hotline.cti.app.auth.Role.SUPERVISOR)
                && (by.extension() == null || !by.extension().equals(call.agent()))) {
            throw new CtiException(ErrorId.NOT_YOUR_CALL, "call " + callId + " was answered by " + call.agent());
        }
        if (matter != null && rules.now().directory().matter(matter).isEmpty()) {
            throw new CtiException(ErrorId.UNKNOWN_MATTER, "no matter with code '" + matter + "'");
        }
        Wrapup w = new Wrapup(
                callId, by.user(), matter, request.resolution(), request.note(), request.enterprise(), clock.instant());
        UnansweredQuestion asked = null;
        if (Wrapup.UNANSWERED.equals(w.resolution())) {
            if (knowledgeBase == null) {
                throw new CtiException(
                        ErrorId.NO_KNOWLEDGE_BASE, "this server keeps no knowledge base to collect questions");
            }
            asked = knowledgeBase.ask(
                    KnowledgeBase.Actor.of(by), request.department(), w.matter(), request.question(), callId);
        }
        transfers.saveWrapup(w);
        enterprises.recorded(call.caller(), w);
        events.publish(LiveEvents.Event.broadcast("wrapup", Map.of("wrapup", w)));
        return new WrappedUp(w, asked);
    }

    /**
     * The enterprise a caller number belongs to, as an agent last recorded it at wrap-up (screen
     * pop, caller recognition at arrival): from memory, no database read (issue 14 item 4).
     */
    public java.util.Optional<String> enterpriseOf(String caller) {
        return enterprises.of(caller);
    }

    /** How many caller numbers have an enterprise recorded (kept in memory). */
    public int enterprisesKnown() {
        return enterprises.size();
    }

    /** Up to five earlier calls from the same number, newest first (screen pop). */
    public List<Map<String, Object>> recentCalls(String caller, String exceptCallId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CallRecord c : calls.recentFrom(caller, 6)) {
            if (!c.id().equals(exceptCallId) && out.size() < 5) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id());
                m.put("arrivedAt", c.arrivedAt());
                m.put("outcome", c.outcome() == null ? null : c.outcome().wireName());
                m.put("agent", c.agent());
                out.add(m);
            }
        }
        return out;
    }
}
