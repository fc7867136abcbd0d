package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hotline.cti.domain.kb.KbEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbSeedLoaderTest {
    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");

    @Test
    void theDemoKnowledgeBaseLoadsWithItsDocumentsAndDates() {
        List<KbEntry> entries = KbSeedLoader.load(Path.of("..", "config", "kb.yaml"), NOW);
        assertThat(entries)
                .hasSizeGreaterThanOrEqualTo(8)
                .allSatisfy(e -> assertThat(e.department()).isNotBlank());
        KbEntry vat = entries.stream()
                .filter(e -> "vat-credit-refund".equals(e.matter()))
                .findFirst()
                .orElseThrow();
        assertThat(vat.documents()).hasSize(2);
        LocalDate today = LocalDate.of(2026, 11, 29);
        assertThat(vat.asSeenOn(today).documents()).extracting(d -> d.number()).containsExactly("财政部 税务总局公告2022年第14号");
        assertThat(vat.expiredOn(today)).extracting(d -> d.expires()).containsExactly(LocalDate.of(2022, 3, 31));
    }

    @Test
    void everyProblemIsNamedWithItsKeyAndAMissingFileIsAnEmptySeed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("kb.yaml");
        Files.writeString(f, """
                entries:
                  - department: tax
                    title: 无口径
                  - department: tax
                    title: 日期颠倒
                    script: x
                    documents:
                      - title: 文件
                        effective: 2024-05-01
                        expires: 2024-01-01
                      - title: 坏日期
                        effective: 2024-13-01
                """, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> KbSeedLoader.load(f, NOW))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("entries[0]: field 'script' is required")
                .hasMessageContaining(
                        "entries[1].documents[0]: document '文件' expires (2024-01-01) before it takes effect")
                .hasMessageContaining("entries[1].documents[1].effective");
        assertThat(KbSeedLoader.load(dir.resolve("none.yaml"), NOW)).isEmpty();
    }
}
