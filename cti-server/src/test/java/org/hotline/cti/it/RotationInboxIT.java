package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.hotline.cti.testing.Chromium;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.MutableClock;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A Tuesday-morning rotation session as the tax department lives it in its browser page (/inbox,
 * headless Chromium, the real server): the specialist signs in (R4), a target list with a bad row
 * is refused with the row named, the fixed list is pushed and the gateway's acknowledgements show
 * per target (R5), and a survey item left for follow-up becomes a work order (R7). Screenshot:
 * cti-server/target/inbox-rotation.png.
 */
@ExtendWith(SandboxPbxExtension.class)
class RotationInboxIT {
    /** Tuesday 3 March 2026, 09:00 in Shanghai: a rotation session (roster.yaml: 王敏 sits for tax). */
    private static final Instant TUESDAY_0900 = Instant.parse("2026-03-03T01:00:00Z");

    private CtiHarness cti;
    private Chromium chrome;

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (cti != null) {
            cti.close();
        }
    }

    @Test
    void theTaxSpecialistSignsInPushesAPolicyAndRecordsASurvey(@TempDir Path dir) throws Exception {
        cti = new CtiHarness(Map.of(), new MutableClock(TUESDAY_0900));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        chrome = new Chromium();
        WebDriver browser = chrome.driver();
        WebDriverWait wait = chrome.waitUp(Duration.ofSeconds(10));
        browser.get(cti.base() + "/inbox");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        browser.findElement(By.id("login-user")).sendKeys("tax");
        browser.findElement(By.id("login-password")).sendKeys(CtiHarness.PASSWORD);
        browser.findElement(By.id("login-submit")).click();

        // R4: the session in progress with the roster's specialists; tax may sign in only its own.
        By signIn = By.cssSelector(".rotation-sign-in[data-specialist='王敏']");
        wait.until(ExpectedConditions.elementToBeClickable(signIn));
        assertThat(browser.findElement(By.id("rotation-head")).getText()).contains("进行中", "0 / 50");
        assertThat(browser.findElement(By.cssSelector(".rotation-sign-in[data-specialist='张丽']"))
                        .isEnabled())
                .isFalse();
        browser.findElement(signIn).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rotation-duty"), "已签到"));

        // R5: a list with a bad phone number is refused whole, the row named; the fixed one is pushed.
        String header = "\uFEFF企业名称,统一社会信用代码,联系电话\r\n";
        String good = "双鸭山市某某农业有限公司,91230500MA1BXXXX3K,0469-4221234\r\n宝清县李记面馆,,13904691234\r\n";
        Path bad = Files.writeString(
                dir.resolve("名单-错.csv"), header + good + "某某物流,,12345abc\r\n", StandardCharsets.UTF_8);
        Path fixed = Files.writeString(dir.resolve("名单.csv"), header + good, StandardCharsets.UTF_8);
        push(browser, bad);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rotation-push-report"), "第 4 行"));
        assertThat(browser.findElement(By.id("rotation-push-report")).getText()).contains("名单未保存", "12345abc");
        push(browser, fixed);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rotation-push-report"), "2 个市场主体"));

        // The gateway collects and acknowledges; the department sees each target's delivery.
        JsonNode taken = cti.as("supervisor").post("/api/push/outbox/collect", "{\"collector\":\"sms\"}");
        assertThat(taken.get("messages").size()).isEqualTo(2);
        cti.post("/api/push/outbox/" + taken.at("/messages/0/id").asLong() + "/ack", "{\"status\":\"delivered\"}");
        cti.post(
                "/api/push/outbox/" + taken.at("/messages/1/id").asLong() + "/ack",
                "{\"status\":\"failed\",\"reason\":\"空号\"}");
        browser.findElement(By.id("rotation-refresh")).click();
        wait.until(d -> d.findElement(By.id("rotation-pushes")).getText().contains("名单.csv\t2\t1\t0\t0\t1")
                || d.findElement(By.id("rotation-pushes")).getText().contains("名单.csv 2 1 0 0 1"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rotation-head"), "1 / 50"));

        // R7: a survey with one item that cannot be answered at once: it becomes an order for tax.
        browser.findElement(By.cssSelector("#rotation-survey-form input[name=entity]"))
                .sendKeys("宝清县李记面馆");
        browser.findElement(By.cssSelector("#rotation-survey-form input[name=phone]"))
                .sendKeys("13904691234");
        new Select(browser.findElement(By.name("q-overall"))).selectByVisibleText("满意");
        browser.findElement(By.name("later-policy-benefit")).click();
        browser.findElement(By.name("follow-policy-benefit")).sendKeys("个体户六税两费如何申报，需核实");
        browser.findElement(By.cssSelector("#rotation-survey-form button[type=submit]"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rotation-survey-report"), "转工单 WO"));
        chrome.shot(Path.of("cti-server/target/inbox-rotation.png"));

        JsonNode session = cti.as("tax").get("/api/rotation/current").get("session");
        assertThat(session.get("served").asInt()).isEqualTo(2); // the delivered push and the survey's entity
        JsonNode orders = cti.get("/api/workorders").get("workOrders");
        assertThat(orders.findValuesAsText("origin")).contains("survey");
    }

    private static void push(WebDriver browser, Path file) {
        browser.findElement(By.cssSelector("#rotation-push-form input[name=title]"))
                .clear();
        browser.findElement(By.cssSelector("#rotation-push-form input[name=title]"))
                .sendKeys("小微企业“六税两费”减免");
        browser.findElement(By.cssSelector("#rotation-push-form input[name=file]"))
                .sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#rotation-push-form button[type=submit]"))
                .click();
    }
}
