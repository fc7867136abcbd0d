package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP status of each stable error id; anything not listed is a 400 (the client's input). */
final class ApiErrors {
    private static final Map<String, HttpResponseStatus> STATUS = Map.ofEntries(
            Map.entry("unauthorized", HttpResponseStatus.UNAUTHORIZED),
            Map.entry("bad-credentials", HttpResponseStatus.UNAUTHORIZED),
            Map.entry("forbidden", HttpResponseStatus.FORBIDDEN),
            Map.entry("not-your-call", HttpResponseStatus.FORBIDDEN),
            Map.entry("override-needs-supervisor", HttpResponseStatus.FORBIDDEN),
            Map.entry("not-found", HttpResponseStatus.NOT_FOUND),
            Map.entry("method-not-allowed", HttpResponseStatus.METHOD_NOT_ALLOWED),
            Map.entry("payload-too-large", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
            Map.entry("too-many-attempts", HttpResponseStatus.TOO_MANY_REQUESTS),
            Map.entry("login-busy", HttpResponseStatus.SERVICE_UNAVAILABLE),
            Map.entry("ami-disconnected", HttpResponseStatus.SERVICE_UNAVAILABLE),
            Map.entry("callback-closed", HttpResponseStatus.CONFLICT),
            Map.entry("callback-busy", HttpResponseStatus.CONFLICT),
            Map.entry("not-called-again", HttpResponseStatus.CONFLICT),
            Map.entry("originate-refused", HttpResponseStatus.BAD_GATEWAY),
            Map.entry("pbx-error", HttpResponseStatus.BAD_GATEWAY),
            Map.entry("pbx-timeout", HttpResponseStatus.GATEWAY_TIMEOUT),
            Map.entry("dialtest-running", HttpResponseStatus.CONFLICT),
            Map.entry("store-failed", HttpResponseStatus.INTERNAL_SERVER_ERROR),
            Map.entry("internal-error", HttpResponseStatus.INTERNAL_SERVER_ERROR));

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /**
     * What a client may read of an error. A database failure's text names tables, columns and SQL
     * (issue 11 item 9): it goes to the log, the client gets the stable id and a plain sentence.
     */
    static String clientMessage(org.hotline.cti.CtiException e) {
        if (e.id().equals("store-failed")) {
            log.error("store-failed: {}", e.getMessage(), e.getCause());
            return "the database could not complete this request; the details are in the server log";
        }
        return e.getMessage();
    }

    static HttpResponseStatus status(String id) {
        HttpResponseStatus s = STATUS.get(id);
        if (s != null) {
            return s;
        }
        if (id.startsWith("no-such-")) {
            return HttpResponseStatus.NOT_FOUND;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    static HttpResponse body(String id, String message) {
        return body(id, message, null);
    }

    static HttpResponse body(String id, String message, Object details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", id);
        error.put("message", message);
        if (details != null) {
            error.put("details", details);
        }
        HttpResponse r = HttpResponse.json(status(id), Map.of("error", error));
        // 429 and 503 say when to come back (RFC 9110 Retry-After, in seconds).
        if (details instanceof Map<?, ?> d && d.get("retryAfterSeconds") != null) {
            return new HttpResponse(r.status(), r.contentType(), r.body(), Map.of("Retry-After", String.valueOf(d.get("retryAfterSeconds"))));
        }
        return r;
    }
}
