package org.hotline.cti.http;

import org.hotline.cti.CtiException;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.dashboard.HalfHourSeries;
import org.hotline.cti.app.port.QueueMembers;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What only the supervisor dashboard needs beyond the other APIs: the half-hour chart
 * ({@code GET /api/stats/halfhours?date=}) and the queue's agents ({@code GET /api/agents}).
 */
public final class DashboardApi {
    /** A supervisor's page should show "PBX unreachable" quickly rather than hang. */
    static final Duration PBX_TIMEOUT = Duration.ofSeconds(3);

    private final HalfHourSeries series;
    private final QueueMembers members;
    private final Supplier<ZoneId> zone;
    private final Clock clock;

    public DashboardApi(HalfHourSeries series, QueueMembers members, Supplier<ZoneId> zone, Clock clock) {
        this.series = series;
        this.members = members;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/stats/halfhours", Role.SUPERVISOR, req -> HttpResponse.json(series.compare(Days.parse(req.param("date"), zone.get(), clock))));
        r.get("/api/agents", Role.SUPERVISOR, req -> HttpResponse.json(Map.of("agents", agents())));
    }

    private Object agents() throws InterruptedException {
        try {
            return members.list().get(PBX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CtiException c) {
                throw c;
            }
            throw new CtiException("pbx-error", "the PBX did not list the queue: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CtiException("pbx-timeout", "the PBX did not list the queue within " + PBX_TIMEOUT.toSeconds() + " s");
        }
    }
}
