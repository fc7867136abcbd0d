package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotlineRulesTest {
    @TempDir
    Path dir;

    private HotlineRules rules() throws IOException {
        Files.copy(Path.of("../config/departments.yaml"), dir.resolve("departments.yaml"));
        Files.copy(Path.of("../config/roster.yaml"), dir.resolve("roster.yaml"));
        return new HotlineRules(
                new RuleFileSet(
                        dir.resolve("departments.yaml"),
                        Path.of("../config/calendar"),
                        dir.resolve("roster.yaml"),
                        false,
                        ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
    }

    @Test
    void reloadPicksUpAnEditedDirectory() throws IOException {
        HotlineRules rules = rules();
        assertThat(rules.now().directory().department("tax").orElseThrow().name())
                .isEqualTo("税务局");
        Path file = dir.resolve("departments.yaml");
        Files.writeString(file, Files.readString(file).replace("name: 税务局", "name: 国家税务总局双鸭山市税务局"));
        rules.reload();
        assertThat(rules.now().directory().department("tax").orElseThrow().name())
                .isEqualTo("国家税务总局双鸭山市税务局");
    }

    @Test
    void aBrokenFileIsRefusedWithFileAndKeyAndTheRulesInForceStay() throws IOException {
        HotlineRules rules = rules();
        HotlineRules.Snapshot before = rules.now();
        Path file = dir.resolve("departments.yaml");
        Files.writeString(file, Files.readString(file).replace("department: tax", "department: nosuch"));
        assertThatThrownBy(rules::reload)
                .hasMessageContaining("departments.yaml")
                .hasMessageContaining("nosuch");
        assertThat(rules.now()).isSameAs(before);
        assertThat(rules.now().directory().matter("vat-credit-refund")).isPresent();
    }
}
