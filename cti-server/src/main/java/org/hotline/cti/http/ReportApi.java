package org.hotline.cti.http;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.callback.CallbackService;

/**
 * {@code GET /api/reports/daily?date=}: the day's figures against the targets (R1, R10, R12), the
 * callbacks that went overdue with the supervisor responsible (R11, R18) and the overdue work
 * orders (R13, R18), for the managing office's bulletin.
 */
public final class ReportApi {
    private final DailyStats stats;
    private final CallbackService callbacks;
    private final HotlineRules rules;
    private final Clock clock;

    public ReportApi(DailyStats stats, CallbackService callbacks, HotlineRules rules, Clock clock) {
        this.stats = stats;
        this.callbacks = callbacks;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/reports/daily", Role.SUPERVISOR, req -> {
            ZoneId zone = rules.now().calendar().zone();
            LocalDate day = Days.parse(req.param("date"), zone, clock);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", day.toString());
            m.put("figures", stats.day(day));
            m.put("overdueCallbacks", callbacks.overdueReport(day, zone));
            // As of the report's date (its end, or now for today): the same figures as "figures.workOrders".
            @SuppressWarnings("unchecked")
            Map<String, Object> wo = (Map<String, Object>) ((Map<String, Object>) m.get("figures")).get("workOrders");
            m.put("overdueWorkOrders", wo.get("overdueOrders"));
            m.put("escalatedWorkOrders", wo.get("escalatedOrders"));
            return HttpResponse.json(m);
        });
    }
}
