package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** config/prometheus-alerts.yml is well-formed rules YAML and only names documented metrics. */
class PrometheusAlertsTest {
    private static final Pattern METRIC = Pattern.compile("\\bcti_[a-z_]+");

    @Test
    void alertRulesAreWellFormedAndCoverTheIssuesAlerts() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(Path.of("../config/prometheus-alerts.yml")));
        String doc = Files.readString(Path.of("../docs/metrics.md"));
        List<String> names = new ArrayList<>();
        assertThat(root.get("groups").isArray()).isTrue();
        for (JsonNode group : root.get("groups")) {
            assertThat(group.get("name").asText()).isNotBlank();
            for (JsonNode rule : group.get("rules")) {
                names.add(rule.get("alert").asText());
                String expr = rule.get("expr").asText();
                assertThat(expr).as(rule.get("alert").asText()).isNotBlank();
                assertThat(rule.at("/labels/severity").asText()).isIn("critical", "warning", "info");
                assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
                if (rule.has("for")) {
                    assertThat(rule.get("for").asText()).matches("\\d+[smhd]");
                }
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    assertThat(doc)
                            .as("docs/metrics.md documents %s", m.group())
                            .contains("`" + m.group() + "`");
                }
            }
        }
        assertThat(names)
                .contains(
                        "HotlineAmiDown",
                        "HotlineTransferConnectionRateLow",
                        "HotlineThreeWayShareHigh",
                        "HotlineCallbacksOverdue",
                        "HotlineDialTestFailing");
    }
}
