package org.hotline.cti.http;

import org.hotline.cti.ErrorId;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.domain.workorder.WorkOrder;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Work orders: off-hours requests (R2) and failed transfers (R13) handed to departments; list and create. */
public final class WorkOrderApi {
    private final WorkOrderStore workOrders;
    private final HotlineDesk desk;
    private final HotlineRules rules;
    private final Clock clock;

    public WorkOrderApi(WorkOrderStore workOrders, HotlineDesk desk, HotlineRules rules, Clock clock) {
        this.workOrders = workOrders;
        this.desk = desk;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/workorders", Role.AGENT, this::list);
        r.post("/api/workorders", Role.AGENT, req -> {
            JsonNode n = Json.tree(req.body());
            WorkOrder o = desk.createWorkOrder(req.session(), Json.requiredText(n, "department"), n.path("matter").asText(null),
                    n.path("callId").asText(null), n.path("description").asText(null));
            return HttpResponse.json(HttpResponseStatus.CREATED, Map.of("workOrder", o));
        });
    }

    private HttpResponse list(HttpRequest req) {
        String status = req.param("status") == null ? "open" : req.param("status");
        List<WorkOrder> list;
        if ("open".equals(status)) {
            list = workOrders.open();
        } else if ("all".equals(status)) {
            ZoneId zone = rules.now().calendar().zone();
            LocalDate day = Days.parse(req.param("date"), zone, clock);
            list = workOrders.createdBetween(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
        } else {
            throw new CtiException(ErrorId.BAD_STATUS, "status must be open or all, was '" + status + "'");
        }
        var now = clock.instant();
        return HttpResponse.json(Map.of("workOrders", list.stream().map(w -> Map.of("workOrder", w, "ref", w.ref(),
                "overdue", w.overdue(now))).toList()));
    }
}
