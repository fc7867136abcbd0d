package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import org.hotline.cti.testing.Chromium;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monthly bulletin (通报, R18) as a supervisor prints it, in headless Chromium on the real
 * server: /reports/monthly?month=YYYY-MM logs in with the shared login, shows the server's bulletin
 * with its three SVG charts (no script error, no Content-Security-Policy violation), and in print
 * media only the bulletin is left: screenshots cti-server/target/bulletin.png and
 * bulletin-print.png, and the PDF Chromium prints, cti-server/target/bulletin.pdf.
 */
@ExtendWith(SandboxPbxExtension.class)
class MonthlyBulletinIT {
    private static final Path TARGET = Path.of("cti-server/target");
    private CtiHarness cti;
    private Chromium chrome;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() {
        cti = new CtiHarness();
        chrome = new Chromium();
        browser = chrome.driver();
        wait = chrome.waitUp(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (cti != null) {
            cti.close();
        }
    }

    private void order(String department, String description) {
        JsonNode o = cti.as("supervisor")
                .post(
                        "/api/workorders",
                        "{\"department\":\"" + department + "\",\"kind\":\"help\",\"caller\":\""
                                + CtiHarness.uniqueCaller() + "\",\"description\":\"" + description + "\"}");
        assertThat(o.toString()).doesNotContain("\"error\"");
    }

    @Test
    void aSupervisorOpensTheMonthsBulletinWithChartsAndPrintsOnlyTheBulletin() throws Exception {
        order("tax", "企业咨询留抵退税进度");
        order("tax", "发票增版增量申请未处理");
        order("market", "营业执照变更材料咨询");
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();

        chrome.logIn(cti.base() + "/reports/monthly?month=" + month, "supervisor", CtiHarness.PASSWORD);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#bulletin svg"), 3));
        String page = browser.findElement(By.id("bulletin")).getText();
        assertThat(page)
                .contains(month.substring(0, 4) + "年" + Integer.parseInt(month.substring(5)) + "月 工作通报")
                .contains("各部门办理情况", "税务局");
        // The tax office received two orders this month: its row and its bar say so.
        assertThat(browser.findElement(By.xpath("//article[@id='bulletin']//tr[td[1][text()='税务局']]/td[2]"))
                        .getText())
                .isEqualTo("2");
        assertThat(browser.getCurrentUrl()).endsWith("/reports/monthly?month=" + month);
        assertThat(browser.findElement(By.id("report-month")).getAttribute("value"))
                .isEqualTo(month);
        chrome.shot(TARGET.resolve("bulletin.png"));
        assertThat(chrome.severeLogs())
                .as("browser console errors (CSP included)")
                .isEmpty();

        // On paper: the page's header, login and month picker are gone, the bulletin stays.
        ChromeDriver cd = (ChromeDriver) browser;
        cd.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(browser.findElement(By.cssSelector("header.top")).isDisplayed())
                .isFalse();
        assertThat(browser.findElement(By.id("report-form")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("bulletin")).isDisplayed()).isTrue();
        chrome.shot(TARGET.resolve("bulletin-print.png"));
        Map<String, Object> pdf =
                cd.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true));
        byte[] bytes = Base64.getDecoder().decode((String) pdf.get("data"));
        assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        Files.write(TARGET.resolve("bulletin.pdf"), bytes);
        cd.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }

    @Test
    void anAgentIsRefusedOnThePageAndTheApiSaysWhy() {
        chrome.logIn(cti.base() + "/reports/monthly", "8001", CtiHarness.PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "通报需要值班长或管理员账号"));
        assertThat(browser.findElement(By.id("report")).isDisplayed()).isFalse();
        assertThat(chrome.js("return sessionStorage.length")).isEqualTo(0L);
        assertThat(cti.as("8001").raw("GET", "/api/reports/monthly", null).statusCode())
                .isEqualTo(403);
    }
}
