package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.rotation.RotationService;
import org.hotline.cti.domain.rotation.RotationSession;

/**
 * Rotation sessions (R4, R5; docs/api.md): the session of a day or the current one with its
 * sign-ins and the market entities served against the target of 50; sign-in and "served" while a
 * session is in progress ({@code outside-rotation-session} otherwise). Open to department users
 * (the specialists) and the hotline's agents and supervisors.
 */
public final class RotationApi {
    private final RotationService service;
    private final Supplier<java.time.ZoneId> zone;
    private final Clock clock;

    public RotationApi(RotationService service, Supplier<java.time.ZoneId> zone, Clock clock) {
        this.service = service;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/rotation/sessions", Role.DEPARTMENT, req -> {
            LocalDate date = Days.parse(req.param("date"), zone.get(), clock);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", date.toString());
            m.put(
                    "sessions",
                    service.session(date)
                            .map(s -> List.of(view(s, service, clock)))
                            .orElse(List.of()));
            return HttpResponse.json(m);
        });
        r.get("/api/rotation/current", Role.DEPARTMENT, req -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", service.current().map(s -> view(s, service, clock)).orElse(null));
            return HttpResponse.json(m);
        });
        r.post("/api/rotation/current/sign-in", Role.DEPARTMENT, req -> {
            Session who = req.session();
            RotationSession s;
            String named = optional(body(req), "specialist");
            if (who.role() == Role.DEPARTMENT && (named == null || named.isBlank())) {
                // A department user with no name given is the specialist: they sign in as themself.
                s = service.signIn(who.user(), who.department());
            } else if (who.role() == Role.DEPARTMENT) {
                // The department's page names one of its own specialists on today's duty (R4).
                s = service.signInOnDuty(named.strip(), who.department());
            } else {
                s = service.signInOnDuty(
                        Json.requiredText(body(req), "specialist").strip(), null);
            }
            return HttpResponse.json(Map.of("session", view(s, service, clock)));
        });
        r.post("/api/rotation/current/served", Role.DEPARTMENT, req -> {
            JsonNode b = body(req);
            RotationSession s = service.served(
                    optional(b, "entity"),
                    optional(b, "creditCode"),
                    optional(b, "kind"),
                    optional(b, "note"),
                    req.session().user(),
                    departmentOf(req.session(), b));
            return HttpResponse.json(Map.of("session", view(s, service, clock)));
        });
    }

    /** A department user serves for their own department; hotline staff may name one (R18 counts per department). */
    static String departmentOf(Session who, JsonNode b) {
        return who.role() == Role.DEPARTMENT ? who.department() : optional(b, "department");
    }

    static JsonNode body(HttpRequest req) {
        return req.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.tree(req.body());
    }

    static String optional(JsonNode b, String field) {
        JsonNode v = b.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The session as the API and the dashboard show it. */
    static Map<String, Object> view(RotationSession s, RotationService service, Clock clock) {
        Map<String, Object> m = new LinkedHashMap<>(RotationService.figures(s, clock.instant()));
        // R4: who is on the roster for this session, so the softphone and the department page can
        // offer the names to sign in, and show who has not signed in yet.
        m.put(
                "onDuty",
                service.onDuty(s.slot().date()).stream()
                        .map(d -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("specialist", d.specialist());
                            x.put("department", d.department());
                            x.put("extension", d.extension());
                            x.put("signedIn", s.signedIn(d.specialist()));
                            return x;
                        })
                        .toList());
        m.put(
                "signIns",
                s.signIns().stream()
                        .map(i -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("specialist", i.specialist());
                            x.put("department", i.department());
                            x.put("at", i.at().toString());
                            return x;
                        })
                        .toList());
        m.put(
                "entities",
                s.entitiesServed().stream()
                        .map(e -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("name", e.name());
                            x.put("creditCode", e.creditCode());
                            return x;
                        })
                        .toList());
        m.put(
                "services",
                s.services().stream()
                        .map(e -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("entity", e.entity().name());
                            x.put("creditCode", e.entity().creditCode());
                            x.put("kind", e.kind().wireName());
                            x.put("kindLabel", e.kind().label());
                            x.put("note", e.note());
                            x.put("by", e.by());
                            x.put("department", e.department());
                            x.put("at", e.at().toString());
                            return x;
                        })
                        .toList());
        return m;
    }
}
