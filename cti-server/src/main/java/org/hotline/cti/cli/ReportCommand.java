package org.hotline.cti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code report daily [--date YYYY-MM-DD]}: the day's figures against the targets; {@code report monthly
 * [--month YYYY-MM]}: the monthly bulletin per department (R18). Both from the running server.
 */
@Command(
        name = "report",
        description = "Reports from the running server.",
        subcommands = {ReportCommand.Daily.class, ReportCommand.Monthly.class})
public final class ReportCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this), "Missing report: try 'report daily' or 'report monthly'");
    }

    @Command(
            name = "daily",
            description =
                    "The day's figures against the targets (R1, R10, R11, R12, R18); password from $CTI_PASSWORD or asked.")
    static final class Daily implements Callable<Integer> {
        @Option(names = "--date", description = "The day (YYYY-MM-DD; default today in the hotline's zone).")
        String date;

        @picocli.CommandLine.Mixin
        ServerOptions serverOptions = new ServerOptions();

        @Override
        public Integer call() {
            ApiClient api = serverOptions.connect();
            JsonNode r = api.get("/api/reports/daily" + (date == null ? "" : "?date=" + date));
            JsonNode f = r.get("figures");
            PrintStream out = System.out;
            out.println("12345 热线惠企通日报 " + r.path("date").asText());
            out.printf(
                    "  来电 calls            %6d   接通 answered %d   漏接 missed %d%n",
                    f.path("calls").asLong(),
                    f.path("answered").asLong(),
                    f.path("missed").asLong());
            out.printf(
                    "  转接接通率 (R1 ≥95%%)  %6s   %d / %d%n",
                    pct(f.path("transferConnectionRate")),
                    f.path("transferConnected").asLong(),
                    f.path("transferAttempts").asLong());
            out.printf(
                    "  三方通话占比 (R10 ≤4%%) %6s   %d calls, budget %d%s%n",
                    pct(f.path("threeWayShare")),
                    f.path("threeWayCalls").asLong(),
                    f.path("threeWayBudget").asLong(),
                    f.path("threeWayShareAboveCap").asBoolean() ? "   超过4% above the cap" : "");
            out.printf("  直办率 (R12 ≥90%%)     %6s%n", pct(f.path("directResolutionRate")));
            out.printf(
                    "  回拨 callbacks        pending %d, overdue %d;  工单 work orders open %d, overdue %d%n",
                    f.path("callbacksPending").asLong(),
                    f.path("callbacksOverdue").asLong(),
                    f.path("workOrdersOpen").asLong(),
                    f.path("workOrdersOverdue").asLong());
            out.println("  部门 departments:");
            for (JsonNode d : f.path("departments")) {
                out.printf(
                        "    %-8s %-10s attempts %3d connected %3d rate %6s%s%n",
                        d.path("code").asText(),
                        d.path("name").asText(),
                        d.path("attempts").asLong(),
                        d.path("connected").asLong(),
                        pct(d.path("rate")),
                        d.path("belowTarget").asBoolean() ? "  BELOW TARGET" : "");
            }
            out.println("  超时回拨 overdue callbacks (R11, R18):");
            for (JsonNode c : r.path("overdueCallbacks")) {
                out.printf(
                        "    #%d %s  supervisor %s (%s)  due %s  misses %d attempts %d  %s%n",
                        c.path("id").asLong(),
                        c.path("number").asText(),
                        c.path("supervisor").asText(),
                        c.path("supervisorExtension").asText(),
                        c.path("dueAt").asText(),
                        c.path("missCount").asInt(),
                        c.path("attempts").asInt(),
                        c.path("status").asText());
            }
            JsonNode wo = f.path("workOrders");
            out.printf(
                    "  工单 work orders as of %s, open / overdue by stage (R13-R16, R18):%n",
                    wo.path("asOf").asText());
            wo.path("byStage")
                    .properties()
                    .forEach(e -> out.printf(
                            "    %-9s %4d / %d%n",
                            e.getKey(),
                            e.getValue().path("open").asLong(),
                            e.getValue().path("overdue").asLong()));
            out.println("  超时工单 overdue work orders (R18): "
                    + r.path("overdueWorkOrders").size());
            for (JsonNode o : r.path("overdueWorkOrders")) {
                out.printf(
                        "    %s  %s %s  %s  stage %s  deadline %s%n",
                        o.path("id").asText(),
                        o.path("department").asText(),
                        o.path("departmentName").asText(),
                        o.path("kind").asText(),
                        o.path("stage").asText(),
                        o.path("deadline").asText());
            }
            out.println("  督办工单 escalated to the supervision office (R15): "
                    + r.path("escalatedWorkOrders").size());
            for (JsonNode o : r.path("escalatedWorkOrders")) {
                out.printf(
                        "    %s  %s %s  %s  causes %s%n",
                        o.path("id").asText(),
                        o.path("department").asText(),
                        o.path("departmentName").asText(),
                        o.path("status").asText(),
                        o.path("causes"));
            }
            return 0;
        }

        private static String pct(JsonNode v) {
            return v == null || v.isNull() || v.isMissingNode() ? "-" : String.format("%.1f%%", v.asDouble() * 100);
        }
    }

    @Command(
            name = "monthly",
            description = "The month's bulletin per department (R1, R10-R18); CSV and the printable page: "
                    + "GET /api/reports/monthly?month=YYYY-MM&format=csv|html. Password from $CTI_PASSWORD or asked.")
    static final class Monthly implements Callable<Integer> {
        @Option(names = "--month", description = "The month (YYYY-MM; default this month in the hotline's zone).")
        String month;

        @picocli.CommandLine.Mixin
        ServerOptions serverOptions = new ServerOptions();

        @Override
        public Integer call() {
            ApiClient api = serverOptions.connect();
            JsonNode r = api.get("/api/reports/monthly" + (month == null ? "" : "?month=" + month));
            PrintStream out = System.out;
            JsonNode h = r.path("hotline");
            out.println("12345 热线惠企通月报 " + r.path("month").asText() + "  (as of "
                    + r.path("asOf").asText() + ")");
            out.printf(
                    "  来电 calls %d   三方通话占比 (R10 ≤4%%) %s   直办率 (R12 ≥90%%) %s (%d / %d)%n",
                    h.path("calls").asLong(),
                    Daily.pct(h.path("threeWayShare")),
                    Daily.pct(h.path("directResolutionRate")),
                    h.path("direct").asLong(),
                    h.path("wrappedUp").asLong());
            out.printf(
                    "  回拨 callbacks due %d, done within 24 h %d (%s)%n",
                    h.path("callbacksDue").asLong(),
                    h.path("callbacksDoneInTime").asLong(),
                    Daily.pct(h.path("callbacksInTimeRate")));
            out.printf(
                    "  轮值 rotation sessions held %d of %d, %d met the target of 50; market entities served %d (R4/R5)%n",
                    h.path("rotationSessionsHeld").asLong(),
                    h.path("rotationSessionsScheduled").asLong(),
                    h.path("rotationSessionsMetTarget").asLong(),
                    h.path("entitiesServed").asLong());
            out.println(
                    "  部门 department       received completed on-time overdue(dispatch/sign/complete/feedback) extended escalated"
                            + " satisfaction  transfers connected caller-gone rate  sessions entities");
            for (JsonNode d : r.path("departments")) {
                JsonNode od = d.path("overdueByStage");
                out.printf(
                        "    %-16s %-10s %4d %4d %4d   %2d/%2d/%2d/%2d  %3d %3d  %6s (%d/%d)  %4d %4d %4d %6s  %3d %4d%n",
                        d.path("code").asText(),
                        d.path("name").asText(),
                        d.path("received").asLong(),
                        d.path("completed").asLong(),
                        d.path("completedOnTime").asLong(),
                        od.path("dispatch").asLong(),
                        od.path("sign").asLong(),
                        od.path("complete").asLong(),
                        od.path("feedback").asLong(),
                        d.path("extended").asLong(),
                        d.path("escalated").asLong(),
                        Daily.pct(d.path("satisfactionRate")),
                        d.path("satisfied").asLong(),
                        d.path("evaluated").asLong(),
                        d.path("transferAttempts").asLong(),
                        d.path("transferConnected").asLong(),
                        d.path("transferCallerGone").asLong(),
                        Daily.pct(d.path("connectionRate")),
                        d.path("rotationSessions").asLong(),
                        d.path("entitiesServed").asLong());
            }
            return 0;
        }
    }
}
