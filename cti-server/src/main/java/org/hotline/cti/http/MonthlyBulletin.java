package org.hotline.cti.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.hotline.cti.app.report.MonthlyReport;
import org.hotline.cti.app.report.MonthlyReport.DepartmentLine;
import org.hotline.cti.domain.workorder.Stage;

/**
 * The monthly report (R18) in its three forms: JSON, CSV (UTF-8 with a BOM so Excel shows the
 * Chinese) and a printable HTML bulletin (通报) with inline SVG bar charts, no scripts.
 */
final class MonthlyBulletin {
    static final String BOM = "\uFEFF";
    private static final List<Stage> STAGES = List.of(Stage.DISPATCH, Stage.SIGN, Stage.COMPLETE, Stage.FEEDBACK);

    private MonthlyBulletin() {}

    static Map<String, Object> json(MonthlyReport.Month m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", m.month().toString());
        out.put("asOf", m.asOf());
        MonthlyReport.Hotline h = m.hotline();
        Map<String, Object> hl = new LinkedHashMap<>();
        hl.put("calls", h.calls());
        hl.put("threeWayCalls", h.threeWayCalls());
        hl.put("threeWayShare", h.threeWayShare());
        hl.put("wrappedUp", h.wrappedUp());
        hl.put("direct", h.direct());
        hl.put("directResolutionRate", h.directResolutionRate());
        hl.put("callbacksDue", h.callbacksDue());
        hl.put("callbacksDoneInTime", h.callbacksDoneInTime());
        hl.put("callbacksInTimeRate", h.callbacksInTimeRate());
        hl.put("rotationSessionsScheduled", h.rotationSessionsScheduled());
        hl.put("rotationSessionsHeld", h.rotationSessionsHeld());
        hl.put("rotationSessionsMetTarget", h.rotationSessionsMetTarget());
        hl.put("entitiesServed", h.entitiesServed());
        out.put("hotline", hl);
        List<Map<String, Object>> deps = new ArrayList<>();
        for (DepartmentLine d : m.departments()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", d.code());
            e.put("name", d.name());
            e.put("received", d.received());
            e.put("completed", d.completed());
            e.put("completedOnTime", d.completedOnTime());
            Map<String, Object> od = new LinkedHashMap<>();
            d.overdueByStage().forEach((s, n) -> od.put(s.wireName(), n));
            e.put("overdueByStage", od);
            e.put("overdue", d.overdue());
            e.put("extended", d.extended());
            e.put("escalated", d.escalated());
            e.put("evaluated", d.evaluated());
            e.put("satisfied", d.satisfied());
            e.put("satisfactionRate", d.satisfactionRate());
            e.put("transferAttempts", d.transferAttempts());
            e.put("transferConnected", d.transferConnected());
            e.put("transferCallerGone", d.transferCallerGone());
            e.put("connectionRate", d.connectionRate());
            e.put("rotationSessions", d.rotationSessions());
            e.put("entitiesServed", d.entitiesServed());
            deps.add(e);
        }
        out.put("departments", deps);
        out.put(
                "notes",
                List.of(
                        "connectionRate = transferConnected / (transferAttempts - transferCallerGone) (R1: caller-gone is shown, not held against the department)",
                        "satisfactionRate = satisfied (satisfied + basically-satisfied) / evaluated",
                        "overdueByStage counts stage deadlines falling in the month that were missed",
                        "entitiesServed counts each market entity once per rotation session (R5: by credit code or"
                                + " name); a department's figure counts the entities it served, so an entity two"
                                + " departments served in one session counts for each, and once in the hotline's"));
        return out;
    }

    static final String[] CSV_HEADER = {
        "部门代码",
        "部门",
        "受理工单",
        "办结",
        "按时办结",
        "派单超时",
        "签收超时",
        "办结超时",
        "反馈超时",
        "延期",
        "督办",
        "已评价",
        "满意(含基本满意)",
        "满意率",
        "转接次数",
        "转接接通",
        "来电方先挂断",
        "转接接通率",
        "参加轮值场次",
        "服务市场主体"
    };

    static String csv(MonthlyReport.Month m) {
        StringBuilder b = new StringBuilder(BOM);
        b.append(String.join(",", CSV_HEADER)).append("\r\n");
        for (DepartmentLine d : m.departments()) {
            List<String> row = new ArrayList<>(
                    List.of(d.code(), d.name(), n(d.received()), n(d.completed()), n(d.completedOnTime())));
            STAGES.forEach(s -> row.add(n(d.overdueByStage().getOrDefault(s, 0L))));
            row.addAll(List.of(
                    n(d.extended()),
                    n(d.escalated()),
                    n(d.evaluated()),
                    n(d.satisfied()),
                    ratio(d.satisfactionRate()),
                    n(d.transferAttempts()),
                    n(d.transferConnected()),
                    n(d.transferCallerGone()),
                    ratio(d.connectionRate()),
                    n(d.rotationSessions()),
                    n(d.entitiesServed())));
            b.append(String.join(",", row.stream().map(MonthlyBulletin::cell).toList()))
                    .append("\r\n");
        }
        MonthlyReport.Hotline h = m.hotline();
        b.append("\r\n");
        b.append("热线来电,三方通话,三方通话占比,已小结,直办,直办率,应回拨,24小时内回拨,回拨及时率,轮值应开场次,轮值开展场次,达标场次(≥50),服务市场主体\r\n");
        b.append(String.join(
                        ",",
                        n(h.calls()),
                        n(h.threeWayCalls()),
                        ratio(h.threeWayShare()),
                        n(h.wrappedUp()),
                        n(h.direct()),
                        ratio(h.directResolutionRate()),
                        n(h.callbacksDue()),
                        n(h.callbacksDoneInTime()),
                        ratio(h.callbacksInTimeRate()),
                        n(h.rotationSessionsScheduled()),
                        n(h.rotationSessionsHeld()),
                        n(h.rotationSessionsMetTarget()),
                        n(h.entitiesServed())))
                .append("\r\n");
        return b.toString();
    }

    private static final java.time.format.DateTimeFormatter AS_OF =
            java.time.format.DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", java.util.Locale.CHINA);

    /** The bulletin; times as the hotline reads them, in {@code zone}. */
    static String html(MonthlyReport.Month m, java.time.ZoneId zone) {
        MonthlyReport.Hotline h = m.hotline();
        String title = "12345热线惠企通 " + m.month().getYear() + "年" + m.month().getMonthValue() + "月 工作通报";
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title))
                .append("</title>")
                .append(
                        "<style>body{font-family:\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;margin:2em;color:#222}")
                .append(
                        "h1{font-size:1.6em;text-align:center}h2{font-size:1.2em;border-bottom:2px solid #b22;padding-bottom:.2em}")
                .append(
                        "table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #888;padding:.25em .4em;text-align:center}")
                .append(
                        "th{background:#f2e6e6}.charts{display:flex;flex-wrap:wrap;gap:1em}.note{font-size:.8em;color:#555}")
                .append(
                        "@media print{body{margin:1cm}.charts{break-inside:avoid}h2{break-after:avoid}table{break-inside:auto}}")
                .append("@page{size:A4 landscape;margin:1cm}</style></head><body>");
        b.append("<h1>").append(esc(title)).append("</h1>");
        b.append("<p class=\"note\">统计截至 ")
                .append(esc(m.asOf() == null ? "" : AS_OF.format(m.asOf().atZone(zone))))
                .append("</p>");
        b.append("<h2>一、热线总体情况</h2><table><tr><th>来电总量</th><th>三方通话</th><th>三方通话占比（≤4%）</th>")
                .append("<th>直办率（≥90%）</th><th>应回拨</th><th>24小时内回拨</th><th>回拨及时率</th>")
                .append("<th>轮值开展/应开场次</th><th>达标场次（≥50）</th><th>服务市场主体</th></tr><tr>")
                .append(td(n(h.calls())))
                .append(td(n(h.threeWayCalls())))
                .append(td(pct(h.threeWayShare())))
                .append(td(pct(h.directResolutionRate()) + "（" + h.direct() + "/" + h.wrappedUp() + "）"))
                .append(td(n(h.callbacksDue())))
                .append(td(n(h.callbacksDoneInTime())))
                .append(td(pct(h.callbacksInTimeRate())))
                .append(td(n(h.rotationSessionsHeld()) + "/" + n(h.rotationSessionsScheduled())))
                .append(td(n(h.rotationSessionsMetTarget())))
                .append(td(n(h.entitiesServed())))
                .append("</tr></table>");
        b.append("<h2>二、各部门办理情况</h2><table><tr>");
        for (String c : CSV_HEADER) {
            if (!"部门代码".equals(c)) {
                b.append("<th>").append(esc(c)).append("</th>");
            }
        }
        b.append("</tr>");
        for (DepartmentLine d : m.departments()) {
            b.append("<tr>")
                    .append(td(d.name()))
                    .append(td(n(d.received())))
                    .append(td(n(d.completed())))
                    .append(td(n(d.completedOnTime())));
            STAGES.forEach(s -> b.append(td(n(d.overdueByStage().getOrDefault(s, 0L)))));
            b.append(td(n(d.extended())))
                    .append(td(n(d.escalated())))
                    .append(td(n(d.evaluated())))
                    .append(td(n(d.satisfied())))
                    .append(td(pct(d.satisfactionRate())))
                    .append(td(n(d.transferAttempts())))
                    .append(td(n(d.transferConnected())))
                    .append(td(n(d.transferCallerGone())))
                    .append(td(pct(d.connectionRate())))
                    .append(td(n(d.rotationSessions())))
                    .append(td(n(d.entitiesServed())))
                    .append("</tr>");
        }
        b.append("</table>");
        b.append("<h2>三、图表</h2><div class=\"charts\">");
        b.append(bars("各部门转接接通率（目标≥95%）", m.departments(), DepartmentLine::connectionRate, 1.0, 0.95, true));
        b.append(bars("各部门满意率", m.departments(), DepartmentLine::satisfactionRate, 1.0, null, true));
        long maxReceived = Math.max(
                1,
                m.departments().stream()
                        .mapToLong(DepartmentLine::received)
                        .max()
                        .orElse(1));
        b.append(bars("各部门受理工单数", m.departments(), d -> (double) d.received(), maxReceived, null, false));
        b.append("</div><p class=\"note\">转接接通率 = 接通 ÷（转接次数 − 来电方先挂断）；满意率 =（满意 + 基本满意）÷ 已评价；"
                + "超时按当月到期且未按时完成的环节计。</p></body></html>");
        return b.toString();
    }

    /** A horizontal bar chart as inline SVG; a rate shows as a percentage, a count as a number. */
    private static String bars(
            String title,
            List<DepartmentLine> deps,
            Function<DepartmentLine, Double> value,
            double max,
            Double target,
            boolean percent) {
        int rowH = 22;
        int labelW = 130;
        int barW = 260;
        int h = 30 + rowH * deps.size();
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(labelW + barW + 70)
                .append("\" height=\"")
                .append(h)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(title))
                .append("\"><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">")
                .append(esc(title))
                .append("</text>");
        int y = 26;
        for (DepartmentLine d : deps) {
            Double v = value.apply(d);
            int w = v == null ? 0 : (int) Math.round(barW * Math.min(1.0, v / max));
            boolean low = target != null && v != null && v < target;
            s.append("<text x=\"")
                    .append(labelW - 4)
                    .append("\" y=\"")
                    .append(y + 14)
                    .append("\" font-size=\"12\" text-anchor=\"end\">")
                    .append(esc(d.name()))
                    .append("</text><rect x=\"")
                    .append(labelW)
                    .append("\" y=\"")
                    .append(y + 3)
                    .append("\" width=\"")
                    .append(w)
                    .append("\" height=\"")
                    .append(rowH - 6)
                    .append("\" fill=\"")
                    .append(low ? "#c33" : "#36c")
                    .append("\"/><text x=\"")
                    .append(labelW + w + 4)
                    .append("\" y=\"")
                    .append(y + 14)
                    .append("\" font-size=\"12\">")
                    .append(v == null ? "-" : percent ? pct(v) : n(Math.round(v)))
                    .append("</text>");
            y += rowH;
        }
        if (target != null) {
            int x = labelW + (int) Math.round(barW * target / max);
            s.append("<line x1=\"")
                    .append(x)
                    .append("\" y1=\"24\" x2=\"")
                    .append(x)
                    .append("\" y2=\"")
                    .append(h)
                    .append("\" stroke=\"#b22\" stroke-dasharray=\"4 2\"/>");
        }
        return s.append("</svg>").toString();
    }

    private static String td(String v) {
        return "<td>" + esc(v) + "</td>";
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String ratio(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** RFC 4180: quote a cell holding a comma, quote or line break; a leading =+-@ is prefixed so Excel does not run it. */
    static String cell(String v) {
        String s = v == null ? "" : v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\""
                : s;
    }

    static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
