package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.callback.RosterService;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.Weekdays;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.roster.SupervisorShift;

/** The duty roster: who is on duty (R4 rotation, R11 supervisors), and duty-supervisor changes. */
public final class RosterApi {
    private final RosterService roster;
    private final Clock clock;

    public RosterApi(RosterService roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/roster", Role.AGENT, req -> HttpResponse.json(view(roster.current())));
        // Supervisors swap duties among themselves, so they may change the list, not only admins.
        r.add(
                HttpMethod.PUT,
                "/api/roster/supervisors",
                Role.SUPERVISOR,
                req -> HttpResponse.json(view(roster.replaceSupervisors(
                        parse(Json.tree(req.body())), req.session().user()))));
    }

    private Map<String, Object> view(Roster r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("supervisors", r.supervisors().stream().map(RosterApi::shift).toList());
        m.put(
                "dutySupervisorNow",
                r.dutySupervisorOrNext(clock.instant())
                        .map(d -> {
                            Map<String, Object> x = shift(d.shift());
                            x.put("from", d.from());
                            return x;
                        })
                        .orElse(null));
        Map<String, Object> rotation = new LinkedHashMap<>();
        rotation.put(
                "days", r.rules().days().stream().sorted().map(DayOfWeek::name).toList());
        rotation.put("hours", r.rules().hours().toString());
        rotation.put("duties", r.duties().stream().map(RosterApi::duty).toList());
        m.put("rotation", rotation);
        return m;
    }

    private static Map<String, Object> shift(SupervisorShift s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("extension", s.extension());
        m.put("days", s.days().stream().sorted().map(DayOfWeek::name).toList());
        m.put("hours", s.hours().toString());
        return m;
    }

    private static Map<String, Object> duty(RotationDuty d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("specialist", d.specialist());
        m.put("department", d.department());
        m.put("extension", d.extension());
        m.put("days", d.days().stream().sorted().map(DayOfWeek::name).toList());
        m.put("dates", d.dates().stream().sorted().map(Object::toString).toList());
        return m;
    }

    /** {@code {"supervisors": [{"name", "extension", "days": [...], "hours": "08:00-20:00"}]}}; bad-roster naming the field. */
    static List<SupervisorShift> parse(JsonNode body) {
        JsonNode list = body.get("supervisors");
        if (list == null || !list.isArray()) {
            throw new CtiException(ErrorId.BAD_ROSTER, "field 'supervisors' must be a list");
        }
        List<SupervisorShift> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String at = "supervisors[" + i + "]";
            String name = text(n, "name", at);
            String extension = text(n, "extension", at);
            EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            JsonNode ds = n.get("days");
            if (ds == null || !ds.isArray() || ds.isEmpty()) {
                throw new CtiException(ErrorId.BAD_ROSTER, at + ".days must be a non-empty list of weekdays");
            }
            for (JsonNode d : ds) {
                DayOfWeek day = Weekdays.parse(d.asText());
                if (day == null) {
                    throw new CtiException(
                            ErrorId.BAD_ROSTER,
                            at + ".days: '" + d.asText() + "' is not a weekday (MONDAY, Mon or 周一)");
                }
                days.add(day);
            }
            TimeRange hours;
            try {
                hours = TimeRange.parse(text(n, "hours", at));
            } catch (IllegalArgumentException e) {
                throw new CtiException(ErrorId.BAD_ROSTER, at + ".hours: " + e.getMessage());
            }
            out.add(new SupervisorShift(name, extension, days, hours));
        }
        return out;
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new CtiException(ErrorId.BAD_ROSTER, at + "." + field + " is required text");
        }
        return v.asText().strip();
    }
}
