package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.rotation.OutreachCalls;
import org.hotline.cti.app.rotation.RotationService;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.rotation.OutreachCall;

/**
 * R5 work during a rotation session beyond "served" (docs/rotation.md): calls to market entities
 * for online interpretation and application help, with their results. Open to department users
 * (for their own department) and the hotline's agents and supervisors.
 */
public final class OutreachApi {
    private final RotationService rotation;
    private final OutreachCalls calls;
    private final Supplier<ZoneId> zone;
    private final Clock clock;

    public OutreachApi(RotationService rotation, OutreachCalls calls, Supplier<ZoneId> zone, Clock clock) {
        this.rotation = rotation;
        this.calls = calls;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.post("/api/rotation/current/calls", Role.DEPARTMENT, req -> {
            JsonNode b = RotationApi.body(req);
            Session who = req.session();
            OutreachCall c = calls.dial(
                    new OutreachCalls.Request(
                            RotationApi.optional(b, "entity"),
                            RotationApi.optional(b, "creditCode"),
                            RotationApi.optional(b, "phone"),
                            RotationApi.optional(b, "kind"),
                            extension(who, RotationApi.optional(b, "extension")),
                            RotationApi.departmentOf(who, b)),
                    who.user());
            return HttpResponse.json(Map.of("call", view(c)));
        });
        r.get("/api/rotation/calls", Role.DEPARTMENT, req -> {
            LocalDate date = Days.parse(req.param("date"), zone.get(), clock);
            Session who = req.session();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", date.toString());
            m.put(
                    "calls",
                    calls.list(date).stream()
                            .filter(c -> who.role() != Role.DEPARTMENT
                                    || who.department().equals(c.department()))
                            .map(OutreachApi::view)
                            .toList());
            return HttpResponse.json(m);
        });
        r.post("/api/rotation/calls/{id}/result", Role.DEPARTMENT, req -> {
            long id = id(req.pathParam("id"));
            Session who = req.session();
            OutreachCall made = calls.get(id);
            if (who.role() == Role.DEPARTMENT && !who.department().equals(made.department())) {
                throw new CtiException(
                        ErrorId.NOT_YOUR_CALL, "rotation call " + id + " was made for " + made.department());
            }
            JsonNode b = RotationApi.body(req);
            OutreachCall c =
                    calls.result(id, RotationApi.optional(b, "result"), RotationApi.optional(b, "note"), who.user());
            return HttpResponse.json(Map.of("call", view(c)));
        });
    }

    /**
     * Whose phone rings first: the one given, else the user's own extension (agents), else for a
     * department user its specialist's extension on the session's duty (roster.yaml).
     */
    private String extension(Session who, String given) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (who.extension() != null) {
            return who.extension();
        }
        if (who.role() == Role.DEPARTMENT) {
            return rotation.current()
                    .flatMap(s -> rotation.onDuty(s.slot().date()).stream()
                            .filter(d -> d.department().equals(who.department()))
                            .map(RotationDuty::extension)
                            .findFirst())
                    .orElse(null);
        }
        return null;
    }

    static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CtiException(ErrorId.BAD_ID, "'" + s + "' is not an id");
        }
    }

    static Map<String, Object> view(OutreachCall c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("date", c.session().toString());
        m.put("entity", c.entity().name());
        m.put("creditCode", c.entity().creditCode());
        m.put("phone", c.phone());
        m.put("kind", c.kind().wireName());
        m.put("kindLabel", c.kind().label());
        m.put("department", c.department());
        m.put("by", c.by());
        m.put("extension", c.extension());
        m.put("status", c.status());
        m.put("startedAt", c.startedAt().toString());
        m.put("result", c.result() == null ? null : c.result().wireName());
        m.put("resultLabel", c.result() == null ? null : c.result().label());
        m.put("note", c.note());
        m.put("resultAt", c.resultAt() == null ? null : c.resultAt().toString());
        return m;
    }
}
