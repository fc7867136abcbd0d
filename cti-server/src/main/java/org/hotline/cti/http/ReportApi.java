package org.hotline.cti.http;

import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.callback.CallbackService;
import org.hotline.cti.app.port.WorkOrderStore;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/reports/daily?date=}: the day's figures against the targets (R1, R10, R12), the
 * callbacks that went overdue with the supervisor responsible (R11, R18) and the overdue work
 * orders (R13, R18), for the managing office's bulletin.
 */
public final class ReportApi {
    private final DailyStats stats;
    private final CallbackService callbacks;
    private final WorkOrderStore workOrders;
    private final HotlineRules rules;
    private final Clock clock;

    public ReportApi(DailyStats stats, CallbackService callbacks, WorkOrderStore workOrders, HotlineRules rules, Clock clock) {
        this.stats = stats;
        this.callbacks = callbacks;
        this.workOrders = workOrders;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/reports/daily", Role.SUPERVISOR, req -> {
            ZoneId zone = rules.now().calendar().zone();
            LocalDate day = Days.parse(req.param("date"), zone, clock);
            var now = clock.instant();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", day.toString());
            m.put("figures", stats.day(day));
            m.put("overdueCallbacks", callbacks.overdueReport(day, zone));
            m.put("overdueWorkOrders", workOrders.open().stream().filter(o -> o.overdue(now)).toList());
            return HttpResponse.json(m);
        });
    }
}
