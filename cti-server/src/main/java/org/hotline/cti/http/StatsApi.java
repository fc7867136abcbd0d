package org.hotline.cti.http;

import java.time.Clock;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;

/** Today's and a given day's figures: calls, R1 connection rate, R10 three-way share and budget, R11 callbacks. */
public final class StatsApi {
    private final DailyStats stats;
    private final HotlineRules rules;
    private final Clock clock;

    public StatsApi(DailyStats stats, HotlineRules rules, Clock clock) {
        this.stats = stats;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/stats/today", Role.AGENT, req -> HttpResponse.json(stats.today()));
        r.get(
                "/api/stats/day",
                Role.AGENT,
                req -> HttpResponse.json(stats.day(
                        Days.parse(req.param("date"), rules.now().calendar().zone(), clock))));
    }
}
