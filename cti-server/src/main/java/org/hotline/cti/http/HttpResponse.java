package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a route returns. JSON bodies are built with {@link Json}; {@code headers} are extra
 * response headers (the dashboard's Content-Security-Policy).
 */
public record HttpResponse(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    public HttpResponse(HttpResponseStatus status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static HttpResponse json(Object value) {
        return new HttpResponse(HttpResponseStatus.OK, "application/json; charset=utf-8", Json.bytes(value));
    }

    public static HttpResponse json(HttpResponseStatus status, Object value) {
        return new HttpResponse(status, "application/json; charset=utf-8", Json.bytes(value));
    }

    public static HttpResponse text(String contentType, String body) {
        return new HttpResponse(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
