package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hotline.cti.app.auth.Session;

/**
 * A decoded request as route handlers see it; {@code session} is null on public routes;
 * {@code remoteAddress} is the client's IP address (login back-off, logs); {@code bearer} the raw
 * bearer token sent, if any (public routes that say more to a logged-in caller, /metrics' token);
 * {@code accept} the Accept header as sent, or null (content negotiation, e.g. the monthly report);
 * {@code receivedNanos} when the event loop had decoded it ({@link System#nanoTime}: for timing steps).
 */
public record HttpRequest(
        HttpMethod method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> pathParams,
        byte[] body,
        Session session,
        String remoteAddress,
        String bearer,
        String accept,
        long receivedNanos) {
    public HttpRequest(
            HttpMethod method,
            String path,
            Map<String, List<String>> query,
            Map<String, String> pathParams,
            byte[] body,
            Session session) {
        this(method, path, query, pathParams, body, session, "unknown", null, null, System.nanoTime());
    }

    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + path + ", bearer=<masked>]";
    }

    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
