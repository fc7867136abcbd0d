package org.hotline.cti.app;

import org.hotline.cti.ErrorId;

import org.hotline.cti.CtiException;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Matter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's everyday requests besides transfers: the directory and knowledge base (R3),
 * wrap-ups (R12), a caller's recent calls for the screen pop (work orders: WorkOrderService).
 */
public final class HotlineDesk {
    private final HotlineRules rules;
    private final CallStore calls;
    private final TransferStore transfers;
    private final LiveEvents events;
    private final Clock clock;

    public HotlineDesk(HotlineRules rules, CallStore calls, TransferStore transfers, LiveEvents events, Clock clock) {
        this.rules = rules;
        this.calls = calls;
        this.transfers = transfers;
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
            m.put("matters", dir.mattersOf(d.code()).stream().map(mt -> Map.of("code", mt.code(), "name", mt.name(),
                    "threeWay", mt.threeWay())).toList());
            out.add(m);
        }
        return out;
    }

    /** R3: matters matching {@code q} with their knowledge-base answers. */
    public List<Map<String, Object>> searchKb(String q) {
        var dir = rules.now().directory();
        List<Matter> found = q == null || q.isBlank() ? dir.matters() : dir.search(q);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Matter m : found) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("code", m.code());
            r.put("name", m.name());
            r.put("department", m.departmentCode());
            r.put("departmentName", dir.department(m.departmentCode()).map(Department::name).orElse(null));
            r.put("threeWay", m.threeWay());
            r.put("answer", m.kbAnswer());
            out.add(r);
        }
        return out;
    }

    /** R12: the agent's resolution of a call (direct / transferred / work-order). */
    public Wrapup wrapUp(Session by, String callId, String matter, String resolution, String note, String enterprise) {
        CallRecord call = calls.find(callId).orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALL, "no call with id '" + callId + "'"));
        // Issue 11 item 6: below supervisor, only the agent who answered the call wraps it up.
        if (!by.role().atLeast(org.hotline.cti.app.auth.Role.SUPERVISOR)
                && (by.extension() == null || !by.extension().equals(call.agent()))) {
            throw new CtiException(ErrorId.NOT_YOUR_CALL, "call " + callId + " was answered by " + call.agent());
        }
        if (matter != null && !matter.isBlank() && rules.now().directory().matter(matter).isEmpty()) {
            throw new CtiException(ErrorId.UNKNOWN_MATTER, "no matter with code '" + matter + "'");
        }
        Wrapup w = new Wrapup(callId, by.user(), matter == null || matter.isBlank() ? null : matter, resolution, note,
                enterprise, clock.instant());
        transfers.saveWrapup(w);
        events.publish(LiveEvents.Event.broadcast("wrapup", Map.of("wrapup", w)));
        return w;
    }

    /** The enterprise a caller number belongs to, as an agent last recorded it at wrap-up (screen pop). */
    public java.util.Optional<String> enterpriseOf(String caller) {
        return caller == null ? java.util.Optional.empty() : transfers.enterpriseOf(caller);
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
