package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The supervisor dashboard's static files ({@code GET /}, its script and style) and the department
 * inbox's ({@code GET /inbox}), packaged as
 * classpath resources under {@code web/} so the one jar serves them with no front-end build.
 * Public: the page itself holds no data; it logs in and every API call it makes needs the token.
 */
public final class DashboardPage {
    /**
     * Only our own script, style and API: no inline script or style, no third-party origin (the
     * hotline's network has no internet), and the page may not be framed.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css",
            // The department inbox (部门工单, issue 10): departments sign and close their orders here.
            "/inbox", "inbox.html",
            "/inbox.js", "inbox.js",
            "/inbox.css", "inbox.css",
            // Rotation sessions on the department page (R4/R5), apart from the inbox's own script.
            "/rotation.js", "rotation.js",
            "/rotation.css", "rotation.css");

    public void register(Router r) {
        FILES.forEach((path, file) -> {
            HttpResponse response = load(file);
            r.get(path, null, req -> response);
        });
    }

    private static HttpResponse load(String file) {
        try (InputStream in = DashboardPage.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource web/" + file + " is missing from the jar");
            }
            return new HttpResponse(
                    HttpResponseStatus.OK,
                    contentType(file),
                    in.readAllBytes(),
                    Map.of(
                            "Content-Security-Policy",
                            CSP,
                            "X-Content-Type-Options",
                            "nosniff",
                            "Referrer-Policy",
                            "no-referrer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }
}
