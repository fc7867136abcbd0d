package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.directory.Matter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryConfigLoaderTest {

    static final Path PROJECT_FILE = Path.of("..", "config", "departments.yaml");

    @Test
    void projectSampleDirectoryLoadsAsDesignSays() {
        Directory d = DirectoryConfigLoader.load(PROJECT_FILE);
        Department tax = d.department("tax").orElseThrow();
        assertThat(tax.name()).isEqualTo("税务局");
        assertThat(tax.transferNumbers()).containsExactly("sip:2001@127.0.0.3:5071");
        assertThat(tax.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.department("market").orElseThrow().transferNumbers().get(0))
                .endsWith("@127.0.0.3:5072");
        assertThat(d.department("hrss").orElseThrow().transferNumbers().get(0)).endsWith("@127.0.0.3:5079");
        assertThat(d.department("hrss").orElseThrow().ringTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.matter("vat-credit-refund"))
                .get()
                .extracting(Matter::name, Matter::threeWay)
                .containsExactly("增值税留抵退税", true);
        for (Department dep : d.departments()) {
            if (!dep.transferNumbers().isEmpty()) {
                assertThat(d.mattersOf(dep.code()))
                        .as(dep.code() + " has three-way matters")
                        .anyMatch(Matter::threeWay);
            }
        }
        // Territorial and tiered (R15): district units under city units; the supervision office.
        Department jianshan = d.department("tax-jianshan").orElseThrow();
        assertThat(jianshan.level()).isEqualTo(Department.Level.DISTRICT);
        assertThat(jianshan.parent()).isEqualTo("tax");
        assertThat(tax.level()).isEqualTo(Department.Level.CITY);
        assertThat(d.neighbours("tax")).extracting(Department::code).containsExactly("tax-jianshan");
        assertThat(d.neighbours("tax-jianshan")).extracting(Department::code).containsExactly("tax");
        assertThat(d.supervisionOffice()).contains("yingshang");
        assertThat(d.department("yingshang").orElseThrow().name()).isEqualTo("营商环境监督局");
        assertThat(d.matters())
                .filteredOn(m -> !m.threeWay())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.kbAnswer()).isNotBlank());
    }

    @Test
    void defaultRingTimeoutApplies(@TempDir Path dir) throws IOException {
        Path f = write(dir, """
                departments:
                  - code: tax
                    name: 税务局
                    transferNumbers: ["sip:1@h"]
                matters: []
                """);
        assertThat(DirectoryConfigLoader.load(f).department("tax").orElseThrow().ringTimeout())
                .isEqualTo(DirectoryConfigLoader.DEFAULT_RING_TIMEOUT);
    }

    @Test
    void reportsEveryProblemWithFileKeyAndReason(@TempDir Path dir) throws IOException {
        Path f = write(dir, """
                defaults:
                  ringTimeout: 0 seconds
                departments:
                  - code: tax
                    name: 税务局
                    transferNumbers: []
                    ringTimeout: twenty
                  - code: tax
                    name: 又一个
                    transferNumbers: ["sip:1@h"]
                  - code: Market
                    name: 市场监管局
                    transferNumbers: ["sip:2@h", "   "]
                    ringTimeout: 20 fortnights
                    specialists:
                      - name: 张丽
                matters:
                  - code: vat
                    name: 增值税
                    department: nowhere
                    threeWay: yes-please
                  - code: vat
                    name: 再来
                    department: tax
                    threeWay: false
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DirectoryConfigLoader.load(f));
        String file = f.toString();
        assertThat(e.problems())
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        file + ": defaults.ringTimeout: must be more than 0",
                        file
                                + ": departments[0].ringTimeout: must be a duration with a unit such as '90 seconds', '5 min' or '2h', was 'twenty'",
                        file + ": departments[1].code: duplicate department code 'tax'",
                        file + ": departments[2].code: 'Market' must be lower-case letters, digits and dashes",
                        file + ": departments[2].transferNumbers[1]: must be a non-blank value",
                        file
                                + ": departments[2].ringTimeout: must be a duration with a unit: 'fortnights' in '20 fortnights' is not one of "
                                + Durations.UNITS,
                        file + ": departments[2].specialists[0].number: is required",
                        file + ": matters[0].department: unknown department 'nowhere'",
                        file + ": matters[0].threeWay: must be true or false, was 'yes-please'",
                        file + ": matters[1].code: duplicate matter code 'vat'",
                        file
                                + ": matters[1].kbAnswer: required when threeWay is false (R3: answered from the knowledge base)");
        assertThat(e.getMessage()).startsWith("invalid configuration:\n" + file + ": ");
    }

    @Test
    void missingFileIsAProblemToo(@TempDir Path dir) {
        assertThatThrownBy(() -> DirectoryConfigLoader.load(dir.resolve("none.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("none.yaml: (file): cannot read");
    }

    static Path write(Path dir, String text) throws IOException {
        return Files.writeString(dir.resolve("departments.yaml"), text, StandardCharsets.UTF_8);
    }
}
