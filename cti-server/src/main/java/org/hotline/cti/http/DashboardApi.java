package org.hotline.cti.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.dashboard.HalfHourSeries;
import org.hotline.cti.app.port.QueueMembers;

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
    private final Supplier<java.util.Set<String>> sessions;

    public DashboardApi(HalfHourSeries series, QueueMembers members, Supplier<ZoneId> zone, Clock clock) {
        this(series, members, zone, clock, java.util.Set::of);
    }

    /** {@code sessions}: the extensions with an agent desktop session open now (issue 11: shown beside the queue's view). */
    public DashboardApi(
            HalfHourSeries series,
            QueueMembers members,
            Supplier<ZoneId> zone,
            Clock clock,
            Supplier<java.util.Set<String>> sessions) {
        this.sessions = sessions;
        this.series = series;
        this.members = members;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get(
                "/api/stats/halfhours",
                Role.SUPERVISOR,
                req -> HttpResponse.json(series.compare(Days.parse(req.param("date"), zone.get(), clock))));
        r.get("/api/agents", Role.SUPERVISOR, req -> HttpResponse.json(Map.of("agents", agents())));
    }

    /**
     * The queue's members, each with {@code session}: whether an agent desktop is logged in at that
     * extension (a member without one is a phone the PBX configured, or a desktop the CTI lost);
     * and agents logged in whose extension the queue does not hold, as {@code not-in-queue}.
     */
    static java.util.List<Map<String, Object>> withSessions(
            java.util.List<QueueMembers.Agent> agents, java.util.Set<String> sessions) {
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (QueueMembers.Agent a : agents) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("extension", a.extension());
            m.put("status", a.status());
            m.put("paused", a.paused());
            m.put("pausedReason", a.pausedReason());
            m.put("callsTaken", a.callsTaken());
            m.put("lastCallAt", a.lastCallAt());
            m.put("dynamic", a.dynamic());
            m.put("session", sessions.contains(a.extension()));
            out.add(m);
            seen.add(a.extension());
        }
        sessions.stream().filter(e -> !seen.contains(e)).sorted().forEach(e -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("extension", e);
            m.put("status", "not-in-queue");
            m.put("paused", false);
            m.put("session", true);
            out.add(m);
        });
        return out;
    }

    private Object agents() throws InterruptedException {
        try {
            return withSessions(members.list().get(PBX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), sessions.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CtiException c) {
                throw c;
            }
            throw new CtiException(
                    ErrorId.PBX_ERROR,
                    "the PBX did not list the queue: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new CtiException(
                    ErrorId.PBX_TIMEOUT, "the PBX did not list the queue within " + PBX_TIMEOUT.toSeconds() + " s");
        }
    }
}
