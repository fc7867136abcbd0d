package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.app.report.MonthlyReport;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monthly bulletin over HTTP (R18): JSON, CSV for Excel, the printable page, and refusals. */
class MonthlyReportApiTest {
    private static final Instant NOW = Instant.parse("2026-12-05T02:00:00Z");
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private String base;
    private AuthService auth;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(NOW, ZoneId.of("Asia/Shanghai"));
        String hash = PasswordHash.hash("pw");
        auth = new AuthService(
                List.of(
                        new User("supervisor", Role.SUPERVISOR, null, hash),
                        new User("8001", Role.AGENT, "8001", hash)),
                clock);
        HotlineRules rules = new HotlineRules(
                new RuleFileSet(
                        Path.of("../config/departments.yaml"),
                        Path.of("../config/calendar"),
                        Path.of("../config/roster.yaml"),
                        true,
                        ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
        InMemoryTransferStore transfers = new InMemoryTransferStore();
        Instant nov = Instant.parse("2026-11-10T02:00:00Z");
        transfers.create(new TransferRecord(
                0,
                "c1",
                "13800000000",
                "vat-credit-refund",
                "增值税留抵退税",
                "tax",
                "税务局",
                "70001",
                "8101",
                nov,
                org.hotline.cti.domain.transfer.TransferAttempt.State.CONNECTED,
                null,
                "sip:2001@127.0.0.3:5071",
                null,
                nov.plusSeconds(30),
                null,
                null,
                null));
        WorkOrderStore orders = mock(WorkOrderStore.class);
        when(orders.find(any(), any(), any(), anyInt())).thenReturn(List.of());
        CallbackStore callbacks = mock(CallbackStore.class);
        when(callbacks.list(any())).thenReturn(List.of());
        Router router = new Router();
        new MonthlyReportApi(
                        new MonthlyReport(orders, transfers, new InMemoryCallStore(), callbacks, rules, clock), clock)
                .register(router);
        server = new HttpServer(router, auth);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        auth.close();
    }

    private HttpResponse<byte[]> get(String user, String path) throws Exception {
        String token = auth.login(user, "pw").token();
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String user, String path, String accept) throws Exception {
        String token = auth.login(user, "pw").token();
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void jsonByDefaultWithEveryDepartment() throws Exception {
        HttpResponse<byte[]> r = get("supervisor", "/api/reports/monthly?month=2026-11");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = Json.MAPPER.readTree(r.body());
        assertThat(n.get("month").asText()).isEqualTo("2026-11");
        JsonNode tax = null;
        for (JsonNode d : n.get("departments")) {
            if ("tax".equals(d.get("code").asText())) {
                tax = d;
            }
        }
        assertThat(tax).isNotNull();
        assertThat(tax.get("transferAttempts").asLong()).isEqualTo(1);
        assertThat(tax.get("connectionRate").asDouble()).isEqualTo(1.0);
        assertThat(tax.get("satisfactionRate").isNull()).isTrue();
    }

    @Test
    void csvOpensInExcelWithTheChineseIntact() throws Exception {
        HttpResponse<byte[]> r = get("supervisor", "/api/reports/monthly?month=2026-11&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/csv")
                .contains("utf-8");
        assertThat(r.body()[0]).isEqualTo((byte) 0xEF); // the UTF-8 BOM: EF BB BF
        String body = text(r).substring(1);
        assertThat(body.lines().findFirst().orElse("")).startsWith("部门代码,部门,受理工单,办结,按时办结");
        assertThat(body).contains("tax,税务局,0,0,0,0,0,0,0,0,0,0,0,,1,1,0,1.0000");
    }

    @Test
    void thePrintableBulletinIsSelfContainedHtml() throws Exception {
        HttpResponse<byte[]> r = get("supervisor", "/api/reports/monthly?month=2026-11&format=html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        String page = text(r);
        assertThat(page)
                .contains("2026年11月 工作通报", "各部门办理情况", "<svg", "@media print", "税务局")
                .doesNotContain("<script", "http://cdn", "https://");
    }

    @Test
    void theAcceptHeaderChoosesCsvOrHtmlWhenNoFormatIsGiven() throws Exception {
        HttpResponse<byte[]> csv = get("supervisor", "/api/reports/monthly?month=2026-11", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(text(csv).substring(1)).startsWith("部门代码,部门");

        // What a browser sends on navigation: HTML first.
        HttpResponse<byte[]> html = get(
                "supervisor",
                "/api/reports/monthly?month=2026-11",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(text(html)).contains("2026年11月 工作通报", "<svg");

        // The highest q wins, whatever the order.
        HttpResponse<byte[]> weighed =
                get("supervisor", "/api/reports/monthly?month=2026-11", "text/html;q=0.5, text/csv");
        assertThat(weighed.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");

        HttpResponse<byte[]> any = get("supervisor", "/api/reports/monthly?month=2026-11", "*/*");
        assertThat(Json.MAPPER.readTree(any.body()).get("month").asText()).isEqualTo("2026-11");

        // ?format= is explicit and wins over the header.
        HttpResponse<byte[]> explicit = get("supervisor", "/api/reports/monthly?month=2026-11&format=json", "text/csv");
        assertThat(explicit.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void anAcceptHeaderNamingNoFormItHasIs406() throws Exception {
        HttpResponse<byte[]> r = get("supervisor", "/api/reports/monthly?month=2026-11", "application/pdf");
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText()).isEqualTo("not-acceptable");
        assertThat(get("supervisor", "/api/reports/monthly?month=2026-11", "text/csv;q=0")
                        .statusCode())
                .isEqualTo(406);
    }

    @Test
    void badInputIsRefusedWithAStableIdAndAgentsMayNotSeeIt() throws Exception {
        HttpResponse<byte[]> bad = get("supervisor", "/api/reports/monthly?month=2026-13");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).at("/error/code").asText()).isEqualTo("bad-month");
        HttpResponse<byte[]> fmt = get("supervisor", "/api/reports/monthly?month=2026-11&format=pdf");
        assertThat(fmt.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(fmt.body()).at("/error/code").asText()).isEqualTo("bad-format");
        assertThat(get("8001", "/api/reports/monthly?month=2026-11").statusCode())
                .isEqualTo(403);
    }
}
