package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.TransferService;
import org.hotline.cti.domain.transfer.SupervisorOverride;
import org.hotline.cti.domain.workorder.WorkOrder;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Transfers (R1), today's figures, the directory and knowledge base (R3), wrap-ups (R12), work orders (R13). */
public final class TransferApi {
    private final TransferService transfers;
    private final TransferStore transferStore;
    private final WorkOrderStore workOrders;
    private final HotlineDesk desk;
    private final DailyStats stats;
    private final HotlineRules rules;
    private final Clock clock;

    public TransferApi(TransferService transfers, TransferStore transferStore, WorkOrderStore workOrders, HotlineDesk desk,
                       DailyStats stats, HotlineRules rules, Clock clock) {
        this.transfers = transfers;
        this.transferStore = transferStore;
        this.workOrders = workOrders;
        this.desk = desk;
        this.stats = stats;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.post("/api/transfers", Role.AGENT, this::transfer);
        r.get("/api/transfers", Role.AGENT, req -> {
            LocalDate day = date(req.param("date"));
            ZoneId z = zone();
            return HttpResponse.json(Map.of("date", day.toString(), "transfers", transferStore
                    .requestedBetween(day.atStartOfDay(z).toInstant(), day.plusDays(1).atStartOfDay(z).toInstant())
                    .stream().map(TransferOutcomes::view).toList()));
        });
        r.get("/api/transfers/{id}", Role.AGENT, req -> HttpResponse.json(TransferOutcomes.view(transfers.find(id(req.pathParam("id"), "T"))
                .orElseThrow(() -> new CtiException("no-such-transfer", "no transfer " + req.pathParam("id"))))));
        r.get("/api/stats/today", Role.AGENT, req -> HttpResponse.json(stats.today()));
        r.get("/api/stats/day", Role.AGENT, req -> HttpResponse.json(stats.day(date(req.param("date")))));
        r.get("/api/departments", Role.AGENT, req -> HttpResponse.json(Map.of("departments", desk.departments())));
        r.get("/api/kb", Role.AGENT, req -> HttpResponse.json(Map.of("results", desk.searchKb(req.param("q")))));
        r.post("/api/wrapups", Role.AGENT, req -> {
            JsonNode n = Json.tree(req.body());
            return HttpResponse.json(HttpResponseStatus.CREATED, Map.of("wrapup", desk.wrapUp(req.session(),
                    Json.requiredText(n, "callId"), n.path("matter").asText(null), Json.requiredText(n, "resolution"),
                    n.path("note").asText(null), n.path("enterprise").asText(null))));
        });
        r.get("/api/workorders", Role.AGENT, this::workOrders);
        r.post("/api/workorders", Role.AGENT, req -> {
            JsonNode n = Json.tree(req.body());
            WorkOrder o = desk.createWorkOrder(req.session(), Json.requiredText(n, "department"), n.path("matter").asText(null),
                    n.path("callId").asText(null), n.path("description").asText(null));
            return HttpResponse.json(HttpResponseStatus.CREATED, Map.of("workOrder", o));
        });
        r.post("/api/admin/reload", Role.ADMIN, req -> {
            var now = rules.reload();
            return HttpResponse.json(Map.of("departments", now.directory().departments().size(),
                    "matters", now.directory().matters().size(), "reloaded", true));
        });
    }

    private HttpResponse transfer(HttpRequest req) {
        JsonNode n = Json.tree(req.body());
        JsonNode o = n.get("override");
        // The override is always in the name of whoever sends it; the service refuses it from agents (R10).
        SupervisorOverride override = o == null || o.isNull() ? null
                : new SupervisorOverride(req.session().user(), o.path("reason").asText(""));
        var attempt = transfers.request(Json.requiredText(n, "callId"), Json.requiredText(n, "matter"), req.session(), override);
        return HttpResponse.json(HttpResponseStatus.CREATED, TransferOutcomes.view(attempt));
    }

    private HttpResponse workOrders(HttpRequest req) {
        String status = req.param("status") == null ? "open" : req.param("status");
        List<WorkOrder> list;
        if ("open".equals(status)) {
            list = workOrders.open();
        } else if ("all".equals(status)) {
            LocalDate day = date(req.param("date"));
            list = workOrders.createdBetween(day.atStartOfDay(zone()).toInstant(), day.plusDays(1).atStartOfDay(zone()).toInstant());
        } else {
            throw new CtiException("bad-status", "status must be open or all, was '" + status + "'");
        }
        var now = clock.instant();
        return HttpResponse.json(Map.of("workOrders", list.stream().map(w -> Map.of("workOrder", w, "ref", w.ref(),
                "overdue", w.overdue(now))).toList()));
    }

    private ZoneId zone() {
        return rules.now().calendar().zone();
    }

    private LocalDate date(String s) {
        return Days.parse(s, zone(), clock);
    }


    static long id(String s, String prefix) {
        String digits = s.startsWith(prefix) ? s.substring(prefix.length()) : s;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new CtiException("no-such-" + (prefix.equals("T") ? "transfer" : "work-order"), "no such id '" + s + "'");
        }
    }
}
