package org.hotline.softphone.cti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the server's JSON into the client's records and events; tolerant of added fields. */
final class CtiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private CtiJson() {}

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CtiException("cti-protocol", "not JSON: " + e.getOriginalMessage());
        }
    }

    static String write(Map<String, Object> message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A push as an event, or null for a type this client does not know (ignored). */
    static CtiEvent event(JsonNode m) {
        return switch (m.path("type").asText()) {
            case "call.offered" ->
                new CtiEvent.CallOffered(
                        text(m, "callId"),
                        text(m, "caller"),
                        text(m, "enterprise"),
                        recentCalls(m.path("recentCalls")));
            case "call.answered" -> new CtiEvent.CallAnswered(text(m, "callId"), text(m, "caller"), text(m, "agent"));
            case "call.ended" -> new CtiEvent.CallEnded(text(m, "callId"), text(m, "caller"), text(m, "outcome"));
            case "transfer.progress" -> new CtiEvent.TransferProgress(transfer(m.path("transfer")));
            case "transfer.result" -> new CtiEvent.TransferResult(transfer(m.path("transfer")));
            case "callback.assigned" -> new CtiEvent.CallbackAssigned(callback(m.path("callback")));
            default -> null;
        };
    }

    static AgentSession session(JsonNode m) {
        return new AgentSession(
                text(m, "agent"),
                text(m, "role"),
                text(m, "extension"),
                m.path("ready").asBoolean(false));
    }

    static TransferView transfer(JsonNode t) {
        return new TransferView(
                text(t, "id"),
                text(t, "callId"),
                text(t, "matter"),
                text(t, "matterName"),
                text(t, "department"),
                text(t, "departmentName"),
                text(t, "state"),
                text(t, "outcome"),
                text(t, "cause"),
                text(t, "target"),
                text(t, "workOrderId"));
    }

    static KbEntry kb(JsonNode k) {
        return new KbEntry(
                text(k, "code"),
                text(k, "name"),
                text(k, "department"),
                text(k, "departmentName"),
                k.path("threeWay").asBoolean(false),
                withDocuments(text(k, "answer"), k.path("documents")));
    }

    /**
     * The script followed by the policy documents in effect it rests on (R3, R6: the server sends only
     * those), so the agent can quote them: 依据：《title》（number，issuer，自 2022-04-01 起施行）.
     */
    static String withDocuments(String answer, JsonNode documents) {
        if (!documents.isArray() || documents.isEmpty()) {
            return answer;
        }
        StringBuilder b = new StringBuilder(answer == null ? "" : answer).append("\n\n依据：");
        for (JsonNode d : documents) {
            b.append("\n《").append(d.path("title").asText()).append("》（");
            String number = d.path("number").asText("");
            String issuer = d.path("issuer").asText("");
            if (!number.isEmpty()) {
                b.append(number).append("，");
            }
            if (!issuer.isEmpty()) {
                b.append(issuer).append("，");
            }
            b.append("自 ").append(d.path("effective").asText()).append(" 起施行");
            if (d.hasNonNull("expires")) {
                b.append("，有效期至 ").append(d.path("expires").asText());
            }
            b.append("）");
        }
        return b.toString();
    }

    static CallbackItem callback(JsonNode c) {
        return new CallbackItem(
                c.path("id").asLong(),
                text(c, "number"),
                text(c, "status"),
                instant(c.path("dueAt")),
                c.path("overdue").asBoolean(false),
                c.path("missCount").asInt(0),
                c.path("attempts").asInt(0),
                text(c, "result"),
                text(c, "note"),
                text(c, "enterprise"));
    }

    /**
     * The reply to workorder.create: {@code workOrder} (its {@code deadline}: the current stage's,
     * e.g. the sign-by 09:00 of an off-hours order) and, when the server words it, {@code dueText}.
     */
    static CreatedWorkOrder createdWorkOrder(JsonNode reply) {
        JsonNode o = reply.path("workOrder");
        String dueText = text(reply, "dueText");
        String dueAt = text(o, "deadline") != null ? text(o, "deadline") : text(o, "dueAt");
        return new CreatedWorkOrder(text(o, "id"), dueText != null ? dueText : text(o, "dueText"), dueAt);
    }

    /** A rotation session (R4/R5), or null for {@code "session": null}. */
    static RotationView rotation(JsonNode s) {
        if (s == null || s.isNull() || s.isMissingNode()) {
            return null;
        }
        List<RotationView.OnDuty> duty = new ArrayList<>();
        for (JsonNode d : s.path("onDuty")) {
            duty.add(new RotationView.OnDuty(
                    text(d, "specialist"),
                    text(d, "department"),
                    text(d, "extension"),
                    d.path("signedIn").asBoolean(false)));
        }
        return new RotationView(
                text(s, "date"),
                instant(s.path("start")),
                instant(s.path("end")),
                s.path("inProgress").asBoolean(false),
                s.path("served").asInt(0),
                s.path("target").asInt(0),
                s.path("signedIn").asInt(0),
                duty);
    }

    static Department department(JsonNode d) {
        List<Department.MatterRef> matters = new ArrayList<>();
        for (JsonNode m : d.path("matters")) {
            matters.add(new Department.MatterRef(
                    text(m, "code"), text(m, "name"), m.path("threeWay").asBoolean(false)));
        }
        return new Department(text(d, "code"), text(d, "name"), List.copyOf(matters));
    }

    static List<RecentCall> recentCalls(JsonNode list) {
        List<RecentCall> out = new ArrayList<>();
        for (JsonNode r : list) {
            out.add(new RecentCall(text(r, "id"), instant(r.path("arrivedAt")), text(r, "outcome"), text(r, "agent")));
        }
        return List.copyOf(out);
    }

    /** Error details as plain values (e.g. the work order of outside-working-hours). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> details(JsonNode m) {
        JsonNode d = m.get("details");
        if (d == null || d.isNull()) {
            return Map.of();
        }
        return MAPPER.convertValue(d, Map.class);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Instant instant(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
