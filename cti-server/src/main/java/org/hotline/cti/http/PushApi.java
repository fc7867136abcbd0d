package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.rotation.PolicyPush;
import org.hotline.cti.domain.rotation.PushMessage;

/**
 * R5 policy push (docs/rotation.md): a department uploads its target list with the policy during a
 * session and follows each target's delivery; the platform's push system or an SMS gateway collects
 * the messages from the outbox and acknowledges them (supervisor or admin token: a machine account).
 */
public final class PushApi {
    private final PolicyPush push;
    private final Supplier<ZoneId> zone;
    private final Clock clock;

    public PushApi(PolicyPush push, Supplier<ZoneId> zone, Clock clock) {
        this.push = push;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.post("/api/rotation/current/pushes", Role.DEPARTMENT, req -> {
            JsonNode b = RotationApi.body(req);
            Session who = req.session();
            PolicyPush.Campaign c = push.push(
                    new PolicyPush.Upload(
                            RotationApi.optional(b, "title"),
                            RotationApi.optional(b, "text"),
                            RotationApi.optional(b, "fileName"),
                            file(b),
                            RotationApi.departmentOf(who, b)),
                    who.user());
            return HttpResponse.json(Map.of("push", view(c, true)));
        });
        r.get("/api/rotation/pushes", Role.DEPARTMENT, req -> {
            LocalDate date = Days.parse(req.param("date"), zone.get(), clock);
            Session who = req.session();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", date.toString());
            m.put(
                    "pushes",
                    push.campaigns(date).stream()
                            .filter(c -> mayAccess(who, c))
                            .map(c -> view(c, true))
                            .toList());
            return HttpResponse.json(m);
        });
        r.get("/api/rotation/pushes/{id}", Role.DEPARTMENT, req -> {
            PolicyPush.Campaign c = push.campaign(OutreachApi.id(req.pathParam("id")));
            if (!mayAccess(req.session(), c)) {
                throw new CtiException(
                        ErrorId.FORBIDDEN, "policy push " + c.campaign().id() + " is another department's");
            }
            return HttpResponse.json(Map.of("push", view(c, true)));
        });
        // The outbox, for the platform's push system or an SMS gateway (R5: 平台信息推送系统).
        r.get("/api/push/outbox", Role.SUPERVISOR, req -> {
            int limit = intParam(req.param("limit"), 200);
            return HttpResponse.json(Map.of(
                    "messages",
                    push.outbox(req.param("status"), limit).stream()
                            .map(PushApi::message)
                            .toList()));
        });
        r.post("/api/push/outbox/collect", Role.SUPERVISOR, req -> {
            JsonNode b = RotationApi.body(req);
            int limit = b.path("limit").isMissingNode() ? 100 : b.path("limit").asInt(-1);
            String collector = RotationApi.optional(b, "collector");
            return HttpResponse.json(Map.of(
                    "messages",
                    push.collect(collector == null ? req.session().user() : collector.strip(), limit).stream()
                            .map(PushApi::message)
                            .toList()));
        });
        r.post("/api/push/outbox/{id}/ack", Role.SUPERVISOR, req -> {
            JsonNode b = RotationApi.body(req);
            PushMessage m = push.acknowledge(
                    OutreachApi.id(req.pathParam("id")),
                    RotationApi.optional(b, "status"),
                    RotationApi.optional(b, "reason"),
                    req.session().user());
            return HttpResponse.json(Map.of("message", message(m)));
        });
    }

    private static boolean mayAccess(Session who, PolicyPush.Campaign c) {
        return who.role() != Role.DEPARTMENT
                || who.department().equals(c.campaign().department());
    }

    /** The list as text ({@code csv}) or as the file's bytes ({@code csvBase64}: a BOM or GBK stays as sent). */
    private static byte[] file(JsonNode b) {
        String base64 = RotationApi.optional(b, "csvBase64");
        if (base64 != null) {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new CtiException(ErrorId.BAD_TARGET_LIST, "csvBase64 is not base64: " + e.getMessage());
            }
        }
        String csv = RotationApi.optional(b, "csv");
        return csv == null ? null : csv.getBytes(StandardCharsets.UTF_8);
    }

    private static int intParam(String s, int otherwise) {
        if (s == null || s.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new CtiException(ErrorId.BAD_FIELD, "limit must be a number, was '" + s + "'");
        }
    }

    static Map<String, Object> view(PolicyPush.Campaign c, boolean withMessages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.campaign().id());
        m.put("date", c.campaign().session().toString());
        m.put("department", c.campaign().department());
        m.put("title", c.campaign().title());
        m.put("text", c.campaign().text());
        m.put("fileName", c.campaign().fileName());
        m.put("by", c.campaign().createdBy());
        m.put("at", c.campaign().createdAt().toString());
        m.put("targets", c.messages().size());
        m.put("counts", c.counts());
        if (withMessages) {
            m.put("messages", c.messages().stream().map(PushApi::message).toList());
        }
        return m;
    }

    static Map<String, Object> message(PushMessage x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", x.id());
        m.put("push", x.campaignId());
        m.put("row", x.row());
        m.put("entity", x.entity().name());
        m.put("creditCode", x.entity().creditCode());
        m.put("phone", x.phone());
        m.put("contact", x.contact());
        m.put("body", x.body());
        m.put("status", x.status().wireName());
        m.put("statusLabel", x.status().label());
        m.put("collector", x.collector());
        m.put("collectedAt", x.collectedAt() == null ? null : x.collectedAt().toString());
        m.put("settledAt", x.settledAt() == null ? null : x.settledAt().toString());
        m.put("reason", x.reason());
        return m;
    }
}
