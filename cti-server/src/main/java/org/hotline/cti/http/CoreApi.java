package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.CallRecord;

/** Health, login, calls and metrics: the foundation's endpoints. */
public final class CoreApi {
    /** What /api/health reports about the PBX link. */
    public interface PbxStatus {
        boolean connected();

        String asteriskVersion();

        String lastError();

        /** Issue 14 item 6: each Asterisk node by name, and whether it is connected (first node first). */
        default Map<String, Boolean> nodes() {
            return Map.of();
        }
    }

    private final AuthService auth;
    private final CallStore calls;
    private final CallTracker tracker;
    private final PbxStatus pbx;
    private final Supplier<Boolean> dbOk;
    private final PrometheusMeterRegistry metrics;
    private final ZoneId zone;
    private final Clock clock;
    private final Supplier<java.util.List<String>> warnings;

    /** @param warnings what an operator should fix that does not stop the service (holiday tables…) */
    public CoreApi(
            AuthService auth,
            CallStore calls,
            CallTracker tracker,
            PbxStatus pbx,
            Supplier<Boolean> dbOk,
            PrometheusMeterRegistry metrics,
            ZoneId zone,
            Clock clock,
            Supplier<java.util.List<String>> warnings) {
        this.warnings = warnings;
        this.auth = auth;
        this.calls = calls;
        this.tracker = tracker;
        this.pbx = pbx;
        this.dbOk = dbOk;
        this.metrics = metrics;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/health", null, this::health);
        r.post("/api/login", null, this::login);
        // Anyone logged in ends their own session, a department's user too (the inbox's 退出).
        r.post("/api/logout", Role.DEPARTMENT, req -> {
            auth.logout(req.session().token());
            return HttpResponse.json(Map.of("loggedOut", true));
        });
        // EventSource cannot send headers: the dashboard trades its token for a 30 s single-use ticket.
        r.post(
                "/api/events/ticket",
                Role.SUPERVISOR,
                req -> HttpResponse.json(Map.of(
                        "ticket",
                        auth.ticket(req.session()),
                        "expiresInSeconds",
                        AuthService.TICKET_LIFETIME.toSeconds())));
        r.get("/api/calls", Role.AGENT, this::calls);
        // Issue 11 item 6: an agent reads only the calls its extension rang or answered.
        r.get(
                "/api/calls/live",
                Role.AGENT,
                req -> HttpResponse.json(Map.of(
                        "calls",
                        tracker.liveCalls().stream()
                                .filter(c -> Ownership.mine(req.session(), c))
                                .map(CoreApi::live)
                                .toList())));
        r.get("/metrics", null, this::metrics);
    }

    /**
     * The metrics token Prometheus sends ({@code metrics.bearerTokenFile}); null: only a
     * supervisor's or admin's session token opens /metrics (issue 11 item 10).
     */
    public CoreApi metricsToken(String token) {
        this.metricsToken = token == null || token.isBlank() ? null : token.strip();
        return this;
    }

    private volatile String metricsToken;

    private HttpResponse metrics(HttpRequest req) {
        boolean token = metricsToken != null
                && req.bearer() != null
                && java.security.MessageDigest.isEqual(
                        metricsToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        req.bearer().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean supervisor = req.session() != null && req.session().role().atLeast(Role.SUPERVISOR);
        if (!token && !supervisor) {
            // The figures name departments and the PBX: not for anyone who can reach the port.
            throw new CtiException(
                    org.hotline.cti.ErrorId.UNAUTHORIZED,
                    "/metrics needs Authorization: Bearer with the metrics token "
                            + "(metrics.bearerTokenFile) or a supervisor's token");
        }
        return HttpResponse.text("text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    /**
     * DESIGN: the public health check says only {@code {status}}; a logged-in caller (any role)
     * gets the details (AMI, database, warnings), which name the PBX and its version (issue 11 item 10).
     */
    private HttpResponse health(HttpRequest req) {
        boolean ami = pbx.connected();
        boolean db = dbOk.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ami && db ? "ok" : "degraded");
        if (req.session() == null) {
            return HttpResponse.json(body);
        }
        body.put("amiConnected", ami);
        body.put("asteriskVersion", pbx.asteriskVersion());
        if (!ami && !pbx.lastError().isEmpty()) {
            body.put("amiError", pbx.lastError());
        }
        if (pbx.nodes().size() > 1) {
            body.put("nodes", pbx.nodes());
        }
        body.put("databaseOk", db);
        body.put("liveCalls", tracker.liveCount());
        body.put("warnings", warnings.get());
        body.put("time", clock.instant());
        return HttpResponse.json(body);
    }

    private HttpResponse login(HttpRequest req) {
        JsonNode n = Json.tree(req.body());
        Session s = auth.login(Json.requiredText(n, "user"), Json.requiredText(n, "password"), req.remoteAddress());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", s.token());
        body.put("role", s.role().wireName());
        body.put("user", s.user());
        if (s.extension() != null) {
            body.put("extension", s.extension());
        }
        if (s.department() != null) {
            body.put("department", s.department());
        }
        body.put("expiresAt", s.expiresAt());
        return HttpResponse.json(body);
    }

    private HttpResponse calls(HttpRequest req) {
        LocalDate day = date(req.param("date"));
        List<CallRecord> list = calls
                .arrivedBetween(
                        day.atStartOfDay(zone).toInstant(),
                        day.plusDays(1).atStartOfDay(zone).toInstant())
                .stream()
                .filter(c -> Ownership.mine(req.session(), c))
                .toList();
        return HttpResponse.json(Map.of("date", day.toString(), "calls", list));
    }

    private LocalDate date(String s) {
        return Days.parse(s, zone, clock);
    }

    /** A live call as /api/calls/live and the dashboard's stream show it. */
    public static Map<String, Object> live(CallRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("node", c.node());
        m.put("caller", c.caller());
        m.put("agent", c.agent() != null ? c.agent() : c.ringingAgent());
        // Issue 14 item 6: while its node's AMI is down nobody knows what the call does; its node's resync tells.
        m.put("state", c.unknown() ? "unknown" : c.state().wireName());
        m.put("arrivedAt", c.arrivedAt());
        m.put("queuedAt", c.queuedAt());
        m.put("answeredAt", c.answeredAt());
        return m;
    }
}
