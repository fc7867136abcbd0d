package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.ErrorId;

/** Turns an {@link ErrorId} into the API's error body, with the status from the one table. */
final class ApiErrors {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    /**
     * What a client may read of an error. A database failure's text names tables, columns and SQL
     * (issue 11 item 9): it goes to the log, the client gets the stable id and a plain sentence.
     */
    static String clientMessage(org.hotline.cti.CtiException e) {
        if (e.error() == ErrorId.STORE_FAILED) {
            log.error("{}: {}", ErrorId.STORE_FAILED, e.getMessage(), e.getCause());
            return "the database could not complete this request; the details are in the server log";
        }
        return e.getMessage();
    }

    static HttpResponseStatus status(ErrorId id) {
        return HttpResponseStatus.valueOf(id.httpStatus());
    }

    static HttpResponse body(ErrorId id, String message) {
        return body(id, message, null);
    }

    static HttpResponse body(ErrorId id, String message, Object details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", id.id());
        error.put("message", message);
        if (details != null) {
            error.put("details", details);
        }
        HttpResponse r = HttpResponse.json(status(id), Map.of("error", error));
        // 429 and 503 say when to come back (RFC 9110 Retry-After, in seconds).
        if (details instanceof Map<?, ?> d && d.get("retryAfterSeconds") != null) {
            return new HttpResponse(
                    r.status(),
                    r.contentType(),
                    r.body(),
                    Map.of("Retry-After", String.valueOf(d.get("retryAfterSeconds"))));
        }
        return r;
    }
}
