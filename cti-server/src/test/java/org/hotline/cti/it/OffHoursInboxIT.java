package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.cti.testing.Chromium;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.MutableClock;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.hotline.cti.testing.TestRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * R2 end to end on the real sandbox (issue 10): at 22:00 on a working day the desk still answers
 * (staffed around the clock), the agent's three-way matter becomes a 次紧急 work order dispatched
 * to the tax office, due 09:00 of the next working day, and the tax office's user signs it in the
 * department inbox in headless Chromium; left unfinished, it shows red as overdue. Screenshots:
 * cti-server/target/inbox-tax-*.png.
 */
@ExtendWith(SandboxPbxExtension.class)
class OffHoursInboxIT {
    /** Monday 2026-11-30 22:00 in Shanghai, a working day; the next working day's 09:00 is Tuesday's. */
    private static final Instant MONDAY_NIGHT = Instant.parse("2026-11-30T14:00:00Z");

    private static final Instant TUESDAY_0900 = Instant.parse("2026-12-01T01:00:00Z");
    private static final Path SHOTS = Path.of("cti-server/target");

    private final List<AutoCloseable> open = new ArrayList<>();
    private CtiHarness cti;
    private Chromium chrome;
    private WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (cti != null) {
            cti.hangUpEverything();
        }
        for (AutoCloseable c : open) {
            c.close();
        }
        if (cti != null) {
            cti.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Test
    void aCallAnsweredAtNightBecomesASecondaryUrgentOrderThatTheTaxOfficeSignsInItsInbox() throws Exception {
        Path rules = TestRules.withoutRotation("off-hours-inbox-it", d -> d);
        MutableClock clock = new MutableClock(MONDAY_NIGHT);
        cti = new CtiHarness(
                Map.of(),
                clock,
                "hotline: {calendar: real, departments: '%s', roster: '%s'}"
                        .formatted(rules.resolve("departments.yaml"), rules.resolve("roster.yaml")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        cti.server().pbx().agentReady("8101", true).join();

        // 22:00, outside the departments' working time: the desk (staffed around the clock) answers.
        keep(Sipp.agent(8101));
        String caller = CtiHarness.uniqueCaller();
        keep(Sipp.caller("caller.xml", "127.0.0.2", 5085, caller, "12345", Duration.ofSeconds(30)));
        String callId = cti.awaitTalking(caller, Duration.ofSeconds(20));

        // The agent picks a three-way matter: no three-way call at night, the 次紧急 order instead (R2).
        JsonNode refused = cti.as("8101")
                .post("/api/transfers", "{\"callId\":\"" + callId + "\",\"matter\":\"vat-credit-refund\"}");
        assertThat(refused.at("/error/code").asText()).isEqualTo("outside-working-hours");
        assertThat(refused.at("/error/details/dueText").asText()).isEqualTo("次日（12月1日 周二）09:00");
        JsonNode order = refused.at("/error/details/workOrder");
        String id = order.get("id").asText();
        assertThat(order.get("kind").asText()).isEqualTo("off-hours-urgent");
        assertThat(order.get("department").asText()).isEqualTo("tax");
        assertThat(order.get("status").asText()).isEqualTo("dispatched");
        assertThat(order.get("caller").asText()).isEqualTo(caller);
        assertThat(Instant.parse(order.get("deadline").asText())).isEqualTo(TUESDAY_0900);
        cti.hangUpEverything();

        // The tax office's inbox, in the browser, as the tax user.
        chrome = new Chromium();
        browser = chrome.driver();
        browser.get(cti.base() + "/inbox");
        assertThat(browser.getTitle()).contains("部门工单");
        WebDriverWait wait = chrome.waitUp(Duration.ofSeconds(10));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        browser.findElement(By.id("login-user")).sendKeys("tax");
        browser.findElement(By.id("login-password")).sendKeys(CtiHarness.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        By row = By.cssSelector("#orders tr[data-id='" + id + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        WebElement tr = browser.findElement(row);
        assertThat(tr.getText()).contains("次紧急", "税务局", caller, "待签收");
        // The deadline as the department reads it (R2): tomorrow morning, with its date.
        assertThat(tr.findElement(By.cssSelector("td.deadline")).getText()).startsWith("次日（12月1日 周二）09:00");
        // 11 hours to 09:00 by the server's clock, not overdue.
        WebElement left = tr.findElement(By.cssSelector("td.left"));
        assertThat(left.getText()).startsWith("11 小时");
        assertThat(left.getAttribute("class")).doesNotContain("overdue");
        assertThat(browser.findElement(By.id("scope")).getText()).contains("本部门");
        shot("inbox-tax-dispatched.png");

        // 签收 with the contact note (R2: the department contacts the enterprise before 09:00).
        tr.findElement(By.cssSelector("button[data-action=sign]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("field-note")));
        String note = "已于22:20电话联系企业财务负责人，告知留抵退税申请材料，明日上午办理";
        browser.findElement(By.id("field-note")).sendKeys(note);
        browser.findElement(By.id("action-submit")).click();
        wait.until(d -> d.findElement(row).getText().contains("办理中"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trail"), note));
        shot("inbox-tax-signed.png");

        // What the store says, read back by the hotline's supervisor.
        JsonNode read = cti.as("supervisor").get("/api/workorders/" + id);
        assertThat(read.at("/workOrder/status").asText()).isEqualTo("signed");
        assertThat(read.get("trail").findValuesAsText("note")).contains(note);
        assertThat(read.get("trail").findValuesAsText("by")).contains("tax");
        // Left unfinished past its completion deadline, the row turns red (the 12-hour session has
        // ended by then: the page asks for the login again).
        Instant completeBy = Instant.parse(read.at("/workOrder/completeBy").asText());
        clock.set(completeBy.plus(Duration.ofHours(1)));
        browser.findElement(By.id("refresh")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("登录已过期");
        browser.findElement(By.id("login-password")).sendKeys(CtiHarness.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> d.findElement(row)
                .findElement(By.cssSelector("td.left"))
                .getAttribute("class")
                .contains("overdue"));
        assertThat(browser.findElement(row)
                        .findElement(By.cssSelector("td.left"))
                        .getText())
                .startsWith("已超期 1 小时");
        assertThat(browser.findElement(row)
                        .findElement(By.cssSelector("td.left"))
                        .getCssValue("color"))
                .isEqualTo("rgba(198, 40, 40, 1)"); // --bad, red
        shot("inbox-tax-overdue.png");

        // Another department neither sees it nor may act on it.
        assertThat(cti.as("market").get("/api/workorders").get("workOrders").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(cti.as("market")
                        .raw("POST", "/api/workorders/" + id + "/complete", "{\"result\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);
    }

    private void shot(String name) {
        chrome.shot(SHOTS.resolve(name));
    }
}
