package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The policy knowledge base through the server's HTTP API, as an agent and the departments use it
 * (R3, R6, R9), seeded from config/kb.yaml: an agent typing 留抵 gets the VAT credit refund script
 * with the document in effect and not the expired one; the tax department adds an entry and the
 * agent finds it at once; departments keep only their own entries and answer their questions.
 */
@ExtendWith(SandboxPbxExtension.class)
class KnowledgeBaseIT {
    private CtiHarness cti;

    @BeforeEach
    void start() {
        cti = new CtiHarness();
    }

    @AfterEach
    void stop() {
        cti.close();
    }

    private JsonNode search(String q) {
        return cti.as("8001")
                .get("/api/kb?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
                .get("results");
    }

    @Test
    void anAgentFindsTheScriptWithTheDocumentInEffectAndADepartmentsNewEntryAtOnce() {
        JsonNode first = search("留抵").get(0);
        assertThat(first.get("name").asText()).isEqualTo("增值税留抵退税");
        assertThat(first.get("code").asText()).isEqualTo("vat-credit-refund");
        assertThat(first.get("answer").asText()).contains("电子税务局");
        assertThat(first.get("documents").findValuesAsText("number")).containsExactly("财政部 税务总局公告2022年第14号");

        JsonNode added = cti.as("tax").post("/api/kb", """
                {"matter":"tax-registration","title":"跨区迁移税务登记","script":"迁出前结清税款、缴销发票后，在电子税务局申请跨区迁移。",
                 "documents":[{"title":"关于进一步简化企业跨区迁移涉税事项办理的通知","issuer":"国家税务总局","number":"税总征科函〔2024〕1号",
                               "effective":"2024-01-01"}]}""");
        assertThat(added.at("/entry/department").asText()).as(added.toString()).isEqualTo("tax");
        long id = added.at("/entry/entryId").asLong();
        assertThat(search("跨区迁").findValuesAsText("name")).first().isEqualTo("跨区迁移税务登记");

        // R6: the department sees what expired, to clear it; others may not touch its entries.
        JsonNode expired = cti.as("tax").get("/api/kb/expired").get("expired");
        assertThat(expired.get(0).at("/entry/name").asText()).isEqualTo("增值税留抵退税");
        assertThat(expired.get(0).get("expiredDocuments").get(0).asText()).contains("留抵退税试行口径");
        assertThat(cti.as("market").get("/api/kb/expired").get("expired")).isEmpty();
        HttpResponse<String> foreign = cti.as("market")
                .raw("PUT", "/api/kb/" + id, "{\"title\":\"x\",\"script\":\"y\",\"department\":\"tax\"}");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("not-your-entry");
        HttpResponse<String> byAgent =
                cti.as("8001").raw("POST", "/api/kb", "{\"department\":\"tax\",\"title\":\"x\",\"script\":\"y\"}");
        assertThat(byAgent.statusCode()).isEqualTo(403);
    }

    @Test
    void aDepartmentListsOnlyItsOwnEntriesWithEachDocumentsStandingAndAgentsMayNot() {
        JsonNode tax = cti.as("tax").get("/api/kb/entries");
        assertThat(tax.get("entries").findValuesAsText("department"))
                .isNotEmpty()
                .containsOnly("tax");
        JsonNode vat = null;
        for (JsonNode e : tax.get("entries")) {
            if ("增值税留抵退税".equals(e.get("name").asText())) {
                vat = e;
            }
        }
        assertThat(vat).isNotNull();
        // R6: the department sees the expired document too, marked, to clear it.
        assertThat(vat.get("documents").findValuesAsText("status")).containsExactlyInAnyOrder("in-effect", "expired");
        // A department's own code wins over any other it names.
        assertThat(cti.as("market")
                        .get("/api/kb/entries?department=tax")
                        .get("entries")
                        .findValuesAsText("department"))
                .containsOnly("market");
        HttpResponse<String> agent = cti.as("8001").raw("GET", "/api/kb/entries", null);
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(agent.body()).contains("not-your-entry");

        // The inbox's 退出 ends a department user's session on the server too.
        CtiHarness taxUser = cti.as("tax");
        assertThat(taxUser.raw("POST", "/api/logout", null).statusCode()).isEqualTo(200);
        assertThat(taxUser.raw("GET", "/api/kb/entries", null).statusCode()).isEqualTo(401);
    }

    @Test
    void badInputIsRefusedByNameAndNothingIsStored() {
        int before = cti.server().knowledgeBase().size();
        HttpResponse<String> badDate = cti.as("tax")
                .raw(
                        "POST",
                        "/api/kb",
                        "{\"title\":\"t\",\"script\":\"s\",\"documents\":[{\"title\":\"d\",\"effective\":\"2024-13-01\"}]}");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("bad-date").contains("effective");
        HttpResponse<String> backwards = cti.as("tax")
                .raw(
                        "POST",
                        "/api/kb",
                        "{\"title\":\"t\",\"script\":\"s\",\"documents\":[{\"title\":\"d\",\"effective\":\"2024-05-01\",\"expires\":\"2024-01-01\"}]}");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("bad-dates");
        HttpResponse<String> noScript = cti.as("tax").raw("POST", "/api/kb", "{\"title\":\"t\"}");
        assertThat(noScript.body()).contains("missing-field").contains("script");
        HttpResponse<String> otherMatter =
                cti.as("tax").raw("POST", "/api/kb", "{\"matter\":\"annual-report\",\"title\":\"t\",\"script\":\"s\"}");
        assertThat(otherMatter.body()).contains("wrong-department");
        assertThat(cti.server().knowledgeBase().size()).isEqualTo(before);
    }

    @Test
    void aQuestionAnAgentCouldNotAnswerReachesItsDepartmentAndTheAnswerBecomesAnEntry() {
        JsonNode q = cti.as("8001")
                .post("/api/kb/questions", "{\"matter\":\"license-change\",\"question\":\"个体户变更经营者需要哪些材料？\"}")
                .get("question");
        assertThat(q.get("department").asText()).isEqualTo("market");
        assertThat(cti.as("tax").get("/api/kb/questions").get("questions")).isEmpty();
        assertThat(cti.as("market").get("/api/kb/questions").get("questions").findValuesAsText("question"))
                .containsExactly("个体户变更经营者需要哪些材料？");
        JsonNode done = cti.as("market")
                .post(
                        "/api/kb/questions/" + q.get("id").asLong() + "/answer",
                        "{\"answer\":\"携带原经营者与新经营者的身份证明、变更登记申请书，到登记机关或网上办理。\",\"entryTitle\":\"个体户变更经营者\"}");
        assertThat(done.at("/question/answeredBy").asText()).as(done.toString()).isEqualTo("market");
        assertThat(search("经营者").findValuesAsText("name")).contains("个体户变更经营者");
        assertThat(cti.as("market").get("/api/kb/questions").get("questions")).isEmpty();
    }
}
