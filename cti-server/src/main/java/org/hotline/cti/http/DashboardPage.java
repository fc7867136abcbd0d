package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The supervisor dashboard's static files ({@code GET /}, its script and style), the department
 * inbox's ({@code GET /inbox}) and the monthly bulletin's ({@code GET /reports/monthly}), packaged as
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

    /**
     * The monthly bulletin page (R18) shows the server's bulletin, whose styles are inline (the same
     * HTML {@code GET /api/reports/monthly} gives with {@code Accept: text/html}, so it prints and
     * pastes on its own): inline styles allowed there, scripts still only our own.
     */
    static final String REPORT_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("/", "index.html"),
            Map.entry("/dashboard.js", "dashboard.js"),
            Map.entry("/dashboard.css", "dashboard.css"),
            // The login every page shares (dashboard, inbox, bulletin).
            Map.entry("/login.js", "login.js"),
            // The department inbox (部门工单, issue 10): departments sign and close their orders here,
            Map.entry("/inbox", "inbox.html"),
            Map.entry("/inbox.js", "inbox.js"),
            Map.entry("/inbox.css", "inbox.css"),
            // and keep their knowledge base (R6, R9: entries, expired documents, unanswered questions).
            Map.entry("/kb.js", "kb.js"),
            Map.entry("/kb.css", "kb.css"),
            // Rotation sessions on the department page (R4/R5), apart from the inbox's own script.
            Map.entry("/rotation.js", "rotation.js"),
            Map.entry("/rotation.css", "rotation.css"),
            // The printable monthly bulletin (通报, R18): /reports/monthly?month=YYYY-MM.
            Map.entry("/reports/monthly", "report.html"),
            Map.entry("/report.js", "report.js"),
            Map.entry("/report.css", "report.css"));

    public void register(Router r) {
        FILES.forEach((path, file) -> {
            HttpResponse response = load(file, file.equals("report.html") ? REPORT_CSP : CSP);
            r.get(path, null, req -> response);
        });
    }

    private static HttpResponse load(String file, String csp) {
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
                            csp,
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
