package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.app.workorder.WorkOrderView;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.Plan;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderStatus;

/**
 * Work orders (R2, R13–R16, docs/api.md): list, read with the audit trail, make, and act on them.
 * Open to every role; the service limits a department user to its own orders ({@code not-your-order})
 * and the business-environment supervision office to its own and the escalated ones.
 */
public final class WorkOrderApi {
    /** How far back a list of closed or all orders looks when no date is given. */
    static final int DEFAULT_DAYS = 90;

    private final WorkOrderService service;
    private final HotlineRules rules;
    private final Clock clock;

    public WorkOrderApi(WorkOrderService service, HotlineRules rules, Clock clock) {
        this.service = service;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/workorders", Role.DEPARTMENT, this::list);
        r.post("/api/workorders", Role.AGENT, this::create);
        r.get("/api/workorders/{id}", Role.DEPARTMENT, req -> {
            Actor by = WorkOrderService.actor(req.session());
            long id = id(req.pathParam("id"));
            WorkOrder o = service.get(id, by);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workOrder", service.view(o, by));
            m.put(
                    "trail",
                    service.trail(id).stream().map(WorkOrderView::transition).toList());
            return HttpResponse.json(m);
        });
        r.post("/api/workorders/{id}/{action}", Role.DEPARTMENT, this::act);
    }

    private HttpResponse list(HttpRequest req) {
        Actor by = WorkOrderService.actor(req.session());
        String status = req.param("status") == null ? "open" : req.param("status");
        boolean openOnly = status.equals("open");
        Set<WorkOrderStatus> statuses = EnumSet.noneOf(WorkOrderStatus.class);
        if (!openOnly && !status.equals("all")) {
            for (String s : status.split(",")) {
                statuses.add(WorkOrderStatus.fromWire(s.strip())
                        .orElseThrow(() -> new CtiException(
                                ErrorId.BAD_STATUS,
                                "status must be open, all or one of created, dispatched, returned, signed, completed, fed-back, "
                                        + "evaluated, closed (comma-separated), was '" + s + "'")));
            }
        }
        ZoneId zone = rules.now().calendar().zone();
        LocalDate to = req.param("date") == null
                ? LocalDate.now(clock.withZone(zone))
                : Days.parse(req.param("date"), zone, clock);
        LocalDate from = req.param("date") == null ? to.minusDays(DEFAULT_DAYS) : to;
        String department = req.param("department");
        var q = new WorkOrderService.Query(
                statuses,
                openOnly,
                department == null || department.isBlank() ? null : department,
                bool(req.param("overdue"), "overdue"),
                bool(req.param("escalated"), "escalated"),
                from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant());
        List<Map<String, Object>> out =
                service.list(by, q).stream().map(o -> service.view(o, by)).toList();
        return HttpResponse.json(Map.of("workOrders", out));
    }

    private HttpResponse create(HttpRequest req) {
        var request = Requests.createWorkOrder(Json.tree(req.body()));
        Actor by = WorkOrderService.actor(req.session());
        WorkOrder o = service.create(by, request.newWorkOrder(), request.dispatch());
        return HttpResponse.json(HttpResponseStatus.CREATED, Map.of("workOrder", service.view(o, by)));
    }

    private HttpResponse act(HttpRequest req) {
        Actor by = WorkOrderService.actor(req.session());
        long id = id(req.pathParam("id"));
        String action = req.pathParam("action");
        JsonNode n = req.body().length == 0 ? JsonNodeFactory.instance.objectNode() : Json.tree(req.body());
        WorkOrder o = switch (action) {
            case "dispatch" -> service.dispatch(id, by, text(n, "department"));
            case "sign" -> service.sign(id, by, text(n, "note"));
            case "extend" -> service.extend(id, by, text(n, "reason"), workingDays(n));
            case "complete" -> service.complete(id, by, text(n, "result"));
            case "feedback" -> service.feedback(id, by, text(n, "note"));
            case "evaluate" -> service.evaluate(id, by, evaluation(n));
            case "return" -> service.returnToHotline(id, by, text(n, "reason"));
            case "hand-over" -> service.handOver(id, by, text(n, "body"), text(n, "reason"));
            case "close" -> service.close(id, by);
            case "joint" -> service.joint(id, by, text(n, "lead"), texts(n, "participants"), text(n, "note"));
            case "plan" ->
                service.plan(
                        id, by, new Plan(texts(n, "steps"), date(n, "deadline"), text(n, "owner"), text(n, "contact")));
            default ->
                throw new CtiException(
                        ErrorId.NO_SUCH_ACTION,
                        "no work-order action '" + action + "'; one of dispatch, sign, "
                                + "extend, complete, feedback, evaluate, return, hand-over, close, joint, plan");
        };
        return HttpResponse.json(Map.of("workOrder", service.view(o, by)));
    }

    private static Evaluation evaluation(JsonNode n) {
        String e = Json.requiredText(n, "evaluation");
        return Evaluation.fromWire(e)
                .orElseThrow(() -> new CtiException(
                        ErrorId.BAD_EVALUATION,
                        "evaluation must be satisfied, basically-satisfied or dissatisfied (满意, 基本满意, 不满意); was '" + e
                                + "'"));
    }

    private static int workingDays(JsonNode n) {
        JsonNode v = n.get("workingDays");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new CtiException(
                    ErrorId.BAD_WORKING_DAYS, "field 'workingDays' is required: a whole number of working days");
        }
        return v.intValue();
    }

    private static LocalDate date(JsonNode n, String field) {
        String s = text(n, field);
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new CtiException(
                    ErrorId.BAD_DATE, "field '" + field + "' must be a date YYYY-MM-DD, was '" + s + "'");
        }
    }

    private static String text(JsonNode n, String field) {
        return Requests.text(n, field);
    }

    private static List<String> texts(JsonNode n, String field) {
        JsonNode v = n.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new CtiException(ErrorId.BAD_FIELD, "field '" + field + "' must be a list of strings");
        }
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Boolean bool(String s, String name) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new CtiException(
                        name.equals("overdue") ? ErrorId.BAD_OVERDUE : ErrorId.BAD_ESCALATED,
                        name + " must be true or false, was '" + s + "'");
        };
    }

    static long id(String s) {
        String digits = s.startsWith("WO") ? s.substring(2) : s;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new CtiException(ErrorId.NO_SUCH_WORK_ORDER, "no such work order '" + s + "'");
        }
    }
}
