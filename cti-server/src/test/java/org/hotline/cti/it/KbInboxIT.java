package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.cti.testing.Chromium;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tax office keeps its knowledge base in its inbox, in headless Chromium on the real server
 * (R6, R9): it adds an entry with a policy document and an agent's search finds it at once; it
 * clears the expired document; and a question an agent could not answer at wrap-up (未能解答, a
 * real call on the sandbox) reaches the inbox, is answered there, and the answer becomes an entry
 * agents find. Screenshots: cti-server/target/inbox-kb-*.png.
 */
@ExtendWith(SandboxPbxExtension.class)
class KbInboxIT {
    private static final Path SHOTS = Path.of("cti-server/target");
    private static final Duration UI = Duration.ofSeconds(10);

    private CtiHarness cti;
    private Chromium chrome;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() {
        cti = new CtiHarness();
        chrome = new Chromium();
        browser = chrome.driver();
        wait = chrome.waitUp(UI);
    }

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (cti != null) {
            cti.hangUpEverything();
            cti.close();
        }
    }

    private JsonNode search(String q) {
        return cti.as("8001")
                .get("/api/kb?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .get("results");
    }

    private void openInboxAsTax() {
        chrome.logIn(cti.base() + "/inbox", "tax", CtiHarness.PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kb")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kb-entries tbody tr")));
    }

    private WebElement entryRow(String title) {
        return browser.findElement(By.xpath(
                "//table[@id='kb-entries']//tr[td[contains(@class,'kb-title')]/strong[text()='" + title + "']]"));
    }

    private void type(By field, String text) {
        WebElement e = browser.findElement(field);
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void theTaxOfficeAddsAnEntryInItsInboxAndAnAgentFindsItAtOnce_andClearsWhatExpired() {
        openInboxAsTax();
        // Only its own entries, each document marked as agents see it (R6).
        List<String> departments = browser.findElements(By.cssSelector("#kb-entries tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-id"))
                .toList();
        assertThat(departments).isNotEmpty();
        assertThat(browser.findElement(By.id("kb-entries")).getText())
                .contains("增值税留抵退税", "已过期", "有效")
                .doesNotContain("营业执照变更登记");
        assertThat(browser.findElement(By.id("kb-expired")).getText()).contains("增值税留抵退税", "留抵退税试行口径");

        // 新增条目 with a policy document, as the tax office's specialist fills it in.
        browser.findElement(By.id("kb-new")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kb-form")));
        type(By.id("kb-title"), "跨区迁移税务登记");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("kb-matter")))
                .selectByValue("tax-registration");
        type(By.id("kb-script"), "迁出前结清税款、缴销发票后，在电子税务局申请跨区迁移，迁入地税务机关自动接收。");
        browser.findElement(By.id("kb-add-doc")).click();
        WebElement doc = browser.findElement(By.cssSelector("#kb-docs .kb-docrow"));
        doc.findElement(By.name("title")).sendKeys("关于进一步简化企业跨区迁移涉税事项办理的通知");
        doc.findElement(By.name("issuer")).sendKeys("国家税务总局");
        doc.findElement(By.name("number")).sendKeys("税总征科函〔2024〕1号");
        // A date input takes the date as the locale shows it; set it as the form reads it.
        chrome.js("arguments[0].value = '2024-01-01'", doc.findElement(By.name("effective")));
        chrome.shot(SHOTS.resolve("inbox-kb-editing.png"));
        browser.findElement(By.id("kb-save")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("kb-form")));
        wait.until(d -> entryRow("跨区迁移税务登记").getText().contains("税总征科函〔2024〕1号"));

        // R9: the agent finds it at once, with its document.
        JsonNode found = search("跨区迁").get(0);
        assertThat(found.get("name").asText()).isEqualTo("跨区迁移税务登记");
        assertThat(found.get("department").asText()).isEqualTo("tax");
        assertThat(found.get("documents").findValuesAsText("number")).containsExactly("税总征科函〔2024〕1号");

        // An edit is live at once too.
        entryRow("跨区迁移税务登记")
                .findElement(By.cssSelector("button[data-action=edit]"))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kb-form")));
        assertThat(browser.findElement(By.id("kb-title")).getAttribute("value")).isEqualTo("跨区迁移税务登记");
        type(By.id("kb-script"), "跨市迁移：迁出前结清税款、缴销发票，在电子税务局一次申请，无需往返两地。");
        browser.findElement(By.id("kb-save")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("kb-form")));
        assertThat(search("往返").findValuesAsText("name")).first().isEqualTo("跨区迁移税务登记");

        // R6: clear the expired document with one click; the document in effect stays.
        WebElement expired = browser.findElement(By.cssSelector("#kb-expired li"));
        expired.findElement(By.cssSelector("button[data-action=clear]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kb-expired-empty")));
        assertThat(cti.as("tax").get("/api/kb/expired").get("expired")).isEmpty();
        JsonNode vat = search("留抵").get(0);
        assertThat(vat.get("name").asText()).isEqualTo("增值税留抵退税");
        assertThat(vat.get("documents").findValuesAsText("number")).containsExactly("财政部 税务总局公告2022年第14号");
        chrome.shot(SHOTS.resolve("inbox-kb-entries.png"));
        assertThat(chrome.severeLogs()).as("browser console errors").isEmpty();
    }

    @Test
    @SuppressWarnings("try") // the scripted agent's phone only has to be up while the call lasts
    void aQuestionAnAgentCouldNotAnswerAtWrapUpIsAnsweredInTheInboxAndBecomesAnEntry() throws Exception {
        await().atMost(UI)
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        cti.server().pbx().agentReady("8101", true).join();
        String caller = CtiHarness.uniqueCaller();
        String question = "跨省迁入的企业，原留抵税额能否继续申请退还？";
        try (Sipp phone = Sipp.agent(8101);
                Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5096, caller, "12345", Duration.ofMillis(500))) {
            String callId = cti.awaitTalking(caller, Duration.ofSeconds(15));
            call.assertSucceeds(Duration.ofSeconds(15));
            // 未能解答 at wrap-up: the question goes to the matter's department (R9).
            JsonNode w = cti.as("8101")
                    .post(
                            "/api/wrapups",
                            "{\"callId\":\"" + callId
                                    + "\",\"matter\":\"vat-credit-refund\",\"resolution\":\"unanswered\",\"question\":\""
                                    + question + "\"}");
            assertThat(w.at("/wrapup/resolution").asText()).as(w.toString()).isEqualTo("unanswered");
            assertThat(w.at("/question/department").asText()).isEqualTo("tax");
        }
        assertThat(cti.as("market").get("/api/kb/questions").get("questions")).isEmpty();

        openInboxAsTax();
        By item = By.cssSelector("#kb-questions li.kb-question");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("kb-questions"), question));
        WebElement q = browser.findElement(item);
        assertThat(q.getText()).contains("增值税留抵退税", "8101");
        q.findElement(By.name("answer")).sendKeys("迁入地税务机关承接迁出前的留抵税额，符合条件的可按规定继续申请退还。");
        WebElement title = q.findElement(By.name("entry-title"));
        title.clear();
        title.sendKeys("跨省迁入企业留抵税额退还");
        chrome.shot(SHOTS.resolve("inbox-kb-question.png"));
        q.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kb-questions-empty")));
        wait.until(d -> entryRow("跨省迁入企业留抵税额退还").isDisplayed());

        // The answer is an entry agents find at once; the question is closed with it.
        assertThat(search("迁入").findValuesAsText("name")).contains("跨省迁入企业留抵税额退还");
        JsonNode all = cti.as("tax").get("/api/kb/questions?status=all").get("questions");
        JsonNode answered = null;
        for (JsonNode n : all) {
            if (question.equals(n.get("question").asText())) {
                answered = n;
            }
        }
        assertThat(answered).isNotNull();
        assertThat(answered.get("answeredBy").asText()).isEqualTo("tax");
        assertThat(answered.get("entryId").asLong()).isPositive();
        assertThat(chrome.severeLogs()).as("browser console errors").isEmpty();
    }
}
