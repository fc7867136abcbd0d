package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.report.MonthlyReport;

/**
 * {@code GET /api/reports/monthly?month=YYYY-MM[&format=json|csv|html]} (supervisor and up; without
 * {@code format}, the Accept header chooses: {@code text/csv}, {@code text/html}): the
 * monthly bulletin (通报, R18) per department and hotline-wide; JSON by default, CSV for Excel, or a
 * printable HTML page with inline SVG charts.
 */
public final class MonthlyReportApi {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    /** The page carries its own styles and SVG only: nothing to load, nothing to run. */
    static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private final MonthlyReport report;
    private final Clock clock;

    public MonthlyReportApi(MonthlyReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/reports/monthly", Role.SUPERVISOR, req -> {
            YearMonth month = parse(req.param("month"));
            String format = format(req.param("format"), req.accept());
            MonthlyReport.Month m = report.of(month);
            return switch (format) {
                case "csv" ->
                    new HttpResponse(
                            HttpResponseStatus.OK,
                            "text/csv; charset=utf-8",
                            MonthlyBulletin.csv(m).getBytes(StandardCharsets.UTF_8),
                            Map.of("Content-Disposition", "attachment; filename=\"monthly-" + month + ".csv\""));
                case "html" ->
                    new HttpResponse(
                            HttpResponseStatus.OK,
                            "text/html; charset=utf-8",
                            MonthlyBulletin.html(m, report.zone()).getBytes(StandardCharsets.UTF_8),
                            Map.of("Content-Security-Policy", PAGE_CSP));
                default -> HttpResponse.json(MonthlyBulletin.json(m));
            };
        });
    }

    /**
     * The form asked for: {@code ?format=} when given, else the Accept header ({@code text/csv},
     * {@code text/html}, {@code application/json}; the highest q wins, ties go to the first
     * listed); JSON when neither says. An Accept naming none of the three is 406 not-acceptable.
     */
    static String format(String param, String accept) {
        if (param != null) {
            if (!FORMATS.containsValue(param)) {
                throw new CtiException(
                        ErrorId.BAD_FORMAT,
                        "format must be json, csv or html, got '"
                                + (param.length() > 20 ? param.substring(0, 20) + "…" : param) + "'");
            }
            return param;
        }
        if (accept == null || accept.isBlank()) {
            return "json";
        }
        String best = null;
        double bestQ = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            String f = FORMATS.get(type);
            if (f == null && (type.equals("*/*") || type.equals("application/*"))) {
                f = "json";
            } else if (f == null && type.equals("text/*")) {
                f = "html";
            }
            if (f != null && q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        if (best == null) {
            throw new CtiException(
                    ErrorId.NOT_ACCEPTABLE,
                    "the monthly report is application/json, text/csv or text/html; Accept was '"
                            + (accept.length() > 80 ? accept.substring(0, 80) + "…" : accept) + "'");
        }
        return best;
    }

    private static final Map<String, String> FORMATS =
            Map.of("application/json", "json", "text/csv", "csv", "text/html", "html");

    /** The month in the hotline's zone; this month when absent. */
    YearMonth parse(String s) {
        if (s == null || s.isBlank()) {
            return YearMonth.now(clock.withZone(report.zone()));
        }
        if (!MONTH.matcher(s).matches()) {
            throw new CtiException(
                    ErrorId.BAD_MONTH,
                    "month must be YYYY-MM, got '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
        }
        try {
            YearMonth m = YearMonth.parse(s);
            if (m.getYear() < Days.MIN_YEAR || m.getYear() > Days.MAX_YEAR) {
                throw new CtiException(
                        ErrorId.BAD_MONTH,
                        "month must be between " + Days.MIN_YEAR + " and " + Days.MAX_YEAR + ", got '" + s + "'");
            }
            return m;
        } catch (DateTimeParseException e) {
            throw new CtiException(ErrorId.BAD_MONTH, "month must be YYYY-MM, got '" + s + "'");
        }
    }
}
