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
 * {@code GET /api/reports/monthly?month=YYYY-MM[&format=json|csv|html]} (supervisor and up): the
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
            String format = req.param("format") == null ? "json" : req.param("format");
            if (!format.equals("json") && !format.equals("csv") && !format.equals("html")) {
                throw new CtiException(
                        ErrorId.BAD_FORMAT,
                        "format must be json, csv or html, got '"
                                + (format.length() > 20 ? format.substring(0, 20) + "…" : format) + "'");
            }
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
                            MonthlyBulletin.html(m).getBytes(StandardCharsets.UTF_8),
                            Map.of("Content-Security-Policy", PAGE_CSP));
                default -> HttpResponse.json(MonthlyBulletin.json(m));
            };
        });
    }

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
