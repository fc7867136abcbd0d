package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * R8 end to end: the sample directory's numbers on real SIP peers (tax 5071 answers, market 5072
 * is busy, hrss 5079 rings and never answers), dialled through the real sandbox Asterisk.
 */
@ExtendWith(SandboxPbxExtension.class)
class DialTestIT {
    private CtiHarness cti;

    @BeforeEach
    void start() {
        cti = new CtiHarness("dialTests: {times: [], ringTimeout: 4 seconds, failingAfter: 2}\n");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
    }

    @AfterEach
    void stop() {
        cti.close();
    }

    private Map<String, JsonNode> byDepartment(JsonNode results) {
        Map<String, JsonNode> m = new HashMap<>();
        results.forEach(r -> m.put(r.get("department").asText(), r));
        return m;
    }

    private JsonNode finished(String runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "finished"
                        .equals(cti.get("/api/dialtests/runs/" + runId)
                                .path("state")
                                .asText()));
        return cti.get("/api/dialtests/runs/" + runId);
    }

    private String start(String body) throws Exception {
        var r = cti.raw("POST", "/api/dialtests/run", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return org.hotline.cti.http.Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    @Test
    void answeredBusyAndSilentNumbersAreToldApartAndFailingTwiceInARowIsFlagged() throws Exception {
        try (Sipp tax = Sipp.peer("answer.xml", "127.0.0.3", 5071, 2, Duration.ZERO);
                Sipp market = Sipp.peer("busy.xml", "127.0.0.3", 5072, 2, Duration.ZERO);
                Sipp hrss = Sipp.peer("noanswer.xml", "127.0.0.3", 5079, 2, Duration.ZERO)) {
            Map<String, JsonNode> first = byDepartment(finished(start("{}")).get("results"));
            assertThat(first.get("tax").get("result").asText()).isEqualTo("answered");
            assertThat(first.get("tax").get("answerMillis").asLong()).isLessThan(4000);
            assertThat(first.get("market").get("result").asText()).isEqualTo("failed");
            assertThat(first.get("market").get("cause").asText()).isEqualTo("busy");
            assertThat(first.get("hrss").get("result").asText()).isEqualTo("failed");
            assertThat(first.get("hrss").get("cause").asText()).isEqualTo("no-answer");
            assertThat(cti.get("/api/dialtests").get("numbers").findValuesAsText("failing"))
                    .containsOnly("false");

            Map<String, JsonNode> second = byDepartment(finished(start("{}")).get("results"));
            assertThat(second.get("tax").get("result").asText()).isEqualTo("answered");
            assertThat(second.get("hrss").get("cause").asText()).isEqualTo("no-answer");
            tax.assertSucceeds(Duration.ofSeconds(10));
            market.assertSucceeds(Duration.ofSeconds(10));
            hrss.assertSucceeds(Duration.ofSeconds(10));
        }
        Map<String, JsonNode> numbers = new HashMap<>();
        cti.get("/api/dialtests")
                .get("numbers")
                .forEach(n -> numbers.put(n.get("department").asText(), n));
        assertThat(numbers.get("tax").get("failing").asBoolean()).isFalse();
        assertThat(numbers.get("market").get("failing").asBoolean()).isTrue();
        assertThat(numbers.get("hrss").get("failing").asBoolean()).isTrue();
        assertThat(numbers.get("hrss").get("failuresInARow").asInt()).isEqualTo(2);
        assertThat(numbers.get("hrss").get("latest").get("number").asText()).isEqualTo("sip:2009@127.0.0.3:5079");
        assertThat(cti.get("/api/dialtests").get("history")).hasSize(6);

        String metrics = cti.raw("GET", "/metrics", null).body();
        assertThat(metrics)
                .contains("cti_dialtest_failing{department=\"hrss\",number=\"sip:2009@127.0.0.3:5079\"} 1.0")
                .contains("cti_dialtest_failing{department=\"tax\",number=\"sip:2001@127.0.0.3:5071\"} 0.0")
                .contains("cti_dialtest_runs_total{result=\"answered\"} 2.0")
                .contains("cti_dialtest_runs_total{result=\"failed\"} 4.0");
        // Kept out of the call records (and so out of every call and transfer figure, R1).
        assertThat(cti.get("/api/calls").get("calls")).isEmpty();
    }

    @Test
    void oneDepartmentCanBeTestedAloneAndAnUnknownOneIsRefused() throws Exception {
        try (Sipp tax = Sipp.peer("answer.xml", "127.0.0.3", 5071)) {
            JsonNode run = finished(start("{\"department\":\"tax\"}"));
            assertThat(run.get("results")).hasSize(1);
            assertThat(run.get("results").get(0).get("result").asText()).isEqualTo("answered");
            assertThat(run.get("requestedBy").asText()).isEqualTo("supervisor");
            tax.assertSucceeds(Duration.ofSeconds(10));
        }
        var unknown = cti.raw("POST", "/api/dialtests/run", "{\"department\":\"nope\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no-such-department");
    }
}
