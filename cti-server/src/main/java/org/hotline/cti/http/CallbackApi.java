package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.callback.CallbackDialer;
import org.hotline.cti.app.callback.CallbackService;
import org.hotline.cti.app.callback.CallbackView;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.CallbackStatus;

/** R11 callbacks for supervisors: list, click-to-call, record the result, close. */
public final class CallbackApi {
    private static final int MAX_NOTE = 1000;

    private final CallbackService callbacks;
    private final CallbackDialer dialer;
    private final Clock clock;
    private final java.util.function.Function<String, java.util.Optional<String>> enterpriseOf;

    /** @param enterpriseOf the enterprise name agents recorded for a number (shown to the supervisor calling back) */
    public CallbackApi(
            CallbackService callbacks,
            CallbackDialer dialer,
            Clock clock,
            java.util.function.Function<String, java.util.Optional<String>> enterpriseOf) {
        this.enterpriseOf = enterpriseOf;
        this.callbacks = callbacks;
        this.dialer = dialer;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/callbacks", Role.SUPERVISOR, this::list);
        r.get("/api/callbacks/{id}", Role.SUPERVISOR, req -> HttpResponse.json(view(callbacks.get(id(req)))));
        r.post("/api/callbacks/{id}/dial", Role.SUPERVISOR, this::dial);
        r.post("/api/callbacks/{id}/result", Role.SUPERVISOR, this::result);
        r.post("/api/callbacks/{id}/close", Role.SUPERVISOR, this::close);
    }

    private HttpResponse list(HttpRequest req) {
        Set<CallbackStatus> states = states(req.param("status"));
        Instant now = clock.instant();
        return HttpResponse.json(Map.of(
                "callbacks",
                callbacks.list(states).stream().map(cb -> view(cb, now)).toList(),
                "pending",
                callbacks.stats().pending(),
                "overdue",
                callbacks.stats().overdue()));
    }

    /**
     * {@code open} (default: pending + dialling), {@code pending}, {@code dialling}, {@code reached},
     * {@code closed} (every finished one, reached included) or {@code all}.
     */
    static Set<CallbackStatus> states(String s) {
        return switch (s == null || s.isBlank() ? "open" : s) {
            case "open" -> CallbackStatus.openStates();
            case "pending" -> EnumSet.of(CallbackStatus.PENDING);
            case "dialling" -> EnumSet.of(CallbackStatus.DIALLING);
            case "reached" -> EnumSet.of(CallbackStatus.REACHED);
            case "closed" -> EnumSet.of(CallbackStatus.REACHED, CallbackStatus.CLOSED);
            case "all" -> EnumSet.allOf(CallbackStatus.class);
            default ->
                throw new CtiException(
                        ErrorId.BAD_STATUS,
                        "status must be open, pending, dialling, reached, closed or all, got '" + s + "'");
        };
    }

    /** Rings, in order of preference, the extension in the body, the caller's own, or the assigned supervisor's. */
    private HttpResponse dial(HttpRequest req) {
        long id = id(req);
        JsonNode body = req.body().length == 0 ? null : Json.tree(req.body());
        String extension = body != null && body.hasNonNull("extension")
                ? body.get("extension").asText()
                : null;
        if (extension == null) {
            extension = req.session().extension() != null
                    ? req.session().extension()
                    : callbacks.get(id).supervisorExtension();
        }
        return HttpResponse.json(view(dialer.dial(id, extension)));
    }

    private HttpResponse result(HttpRequest req) {
        JsonNode body = Json.tree(req.body());
        CallbackResult result = CallbackResult.fromSupervisor(Json.requiredText(body, "result"));
        Callback cb =
                callbacks.record(id(req), result, note(body), req.session().user());
        return HttpResponse.json(view(cb));
    }

    private HttpResponse close(HttpRequest req) {
        JsonNode body = req.body().length == 0 ? null : Json.tree(req.body());
        return HttpResponse.json(view(
                callbacks.closeAnsweredAgain(id(req), note(body), req.session().user())));
    }

    private static String note(JsonNode body) {
        JsonNode n = body == null ? null : body.get("note");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().length() > MAX_NOTE) {
            throw new CtiException(ErrorId.BAD_NOTE, "note must be text of at most " + MAX_NOTE + " characters");
        }
        return n.asText();
    }

    private Map<String, Object> view(Callback cb) {
        return view(cb, clock.instant());
    }

    private Map<String, Object> view(Callback cb, Instant now) {
        Map<String, Object> v = CallbackView.of(cb, now);
        v.put("enterprise", enterpriseOf.apply(cb.number()).orElse(null));
        return v;
    }

    private static long id(HttpRequest req) {
        String s = req.pathParam("id");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CtiException(ErrorId.NO_SUCH_CALLBACK, "no callback " + s);
        }
    }
}
