package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.returnvisit.ReturnVisits;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.domain.workorder.Actor;

/**
 * Return visits (R17): the hotline's list of enterprises to call back about their requests, and
 * click-to-call. The caller's judgement is recorded with {@code POST /api/workorders/{id}/evaluate}.
 */
public final class ReturnVisitApi {
    private final ReturnVisits visits;
    private final WorkOrderService orders;

    public ReturnVisitApi(ReturnVisits visits, WorkOrderService orders) {
        this.visits = visits;
        this.orders = orders;
    }

    public void register(Router r) {
        r.get("/api/returnvisits", Role.SUPERVISOR, req -> {
            Actor by = WorkOrderService.actor(req.session());
            return HttpResponse.json(Map.of(
                    "visits",
                    visits.list(by).stream()
                            .map(v -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put(
                                        "reason",
                                        v.reason() == ReturnVisits.Reason.SAMPLE ? "sample" : "awaiting-evaluation");
                                m.put("workOrder", orders.view(v.order(), by));
                                return m;
                            })
                            .toList()));
        });
        r.post("/api/returnvisits/{id}/dial", Role.SUPERVISOR, req -> {
            JsonNode n = Json.tree(req.body());
            String ext = n.path("extension").asText(req.session().extension());
            // The same reading of "WO12" or "12" as every work-order route.
            var o = visits.dial(WorkOrderService.actor(req.session()), WorkOrderApi.id(req.pathParam("id")), ext);
            return HttpResponse.json(
                    Map.of("dialling", true, "workOrder", o.ref(), "caller", o.caller(), "extension", ext));
        });
    }
}
