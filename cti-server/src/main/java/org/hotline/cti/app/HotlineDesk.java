package org.hotline.cti.app;

import org.hotline.cti.ErrorId;

import org.hotline.cti.CtiException;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Matter;
import org.hotline.cti.domain.workorder.WorkOrder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's everyday requests besides transfers: the directory and knowledge base (R3),
 * wrap-ups (R12), manual work orders (R13), a caller's recent calls for the screen pop.
 */
public final class HotlineDesk {
    private final HotlineRules rules;
    private final CallStore calls;
    private final TransferStore transfers;
    private final WorkOrderStore workOrders;
    private final LiveEvents events;
    private final Clock clock;

    public HotlineDesk(HotlineRules rules, CallStore calls, TransferStore transfers, WorkOrderStore workOrders,
                       LiveEvents events, Clock clock) {
        this.rules = rules;
        this.calls = calls;
        this.transfers = transfers;
        this.workOrders = workOrders;
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

    /** R13: a work order the agent raises by hand, dispatched at once, contact within 2 h. */
    public WorkOrder createWorkOrder(Session by, String department, String matter, String callId, String description) {
        var dir = rules.now().directory();
        if (dir.department(department).isEmpty()) {
            throw new CtiException(ErrorId.UNKNOWN_DEPARTMENT, "no department with code '" + department + "'");
        }
        if (matter != null && dir.matter(matter).isEmpty()) {
            throw new CtiException(ErrorId.UNKNOWN_MATTER, "no matter with code '" + matter + "'");
        }
        if (description == null || description.isBlank()) {
            throw new CtiException(ErrorId.MISSING_FIELD, "field 'description' is required");
        }
        String caller = callId == null ? null : calls.find(callId).map(CallRecord::caller)
                .orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALL, "no call with id '" + callId + "'"));
        Instant now = clock.instant();
        WorkOrder o = workOrders.create(new WorkOrder(0, "manual", "normal", department, matter, caller, callId, description,
                null, now, now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(2)), WorkOrder.OPEN, by.user()));
        events.publish(LiveEvents.Event.broadcast("workorder.created", Map.of("workOrder", o)));
        return o;
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

    public Optional<WorkOrder> workOrder(long id) {
        return workOrders.find(id);
    }
}
