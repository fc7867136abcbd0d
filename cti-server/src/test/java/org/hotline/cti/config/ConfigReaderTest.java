package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: one reader ({@link ConfigNode}) and one duration grammar ({@link Durations}) for
 * every file under config/, named defaults, and problems that name the file, the key and what is
 * wrong, all of them at once (STYLE rule 6).
 */
class ConfigReaderTest {
    private static final Map<String, String> ENV =
            Map.of("CTI_AMI_SECRET", "s3cret-ami", "CTI_ADMIN_PASSWORD", "a", "CTI_SUPERVISOR_PASSWORD", "b");

    private static ServerConfig parse(String yaml) {
        return ServerConfig.from(ConfigNode.parse("cti.yaml", yaml, ConfigNode.envOf(ENV)), Path.of("config"));
    }

    @Test
    void everyShippedConfigFileLoads() {
        Path dir = Path.of("..", "config");
        ServerConfig cti = ServerConfig.from(ConfigNode.load(dir.resolve("cti.yaml"), ConfigNode.envOf(ENV)), dir);
        ServerConfig demo = ServerConfig.from(ConfigNode.load(dir.resolve("demo.yaml"), ConfigNode.envOf(ENV)), dir);
        Directory directory = DirectoryConfigLoader.load(cti.rules().departments());
        WorkCalendar calendar = CalendarConfigLoader.load(cti.rules().calendarDir());
        RosterConfigLoader.load(cti.rules().roster(), directory, calendar);
        assertThat(KbSeedLoader.load(dir.resolve("kb.yaml"), Instant.parse("2026-11-29T00:00:00Z")))
                .isNotEmpty();
        assertThat(directory.departments()).isNotEmpty();
        assertThat(SurveyLoader.load(
                                dir.resolve("survey.yaml"),
                                code -> directory.department(code).isPresent())
                        .questions())
                .isNotEmpty();
        assertThat(demo.rules().alwaysOpen()).isTrue();
        assertThat(cti.agi().answerWithin()).isEqualTo(Duration.ofMillis(800));
        assertThat(cti.transfer().budget()).isEqualTo(ThreeWayBudget.Settings.R10);
    }

    @Test
    void cti_yamlTakesTheSameDurationsAsEveryOtherFile() {
        // ConfigNode used to refuse '5 min', which departments.yaml (via Durations) accepted.
        ServerConfig c = parse("""
                ami: {username: cti, secret: x, keepAlive: 90 seconds, reconnectMax: 5 min, actionTimeout: 2h}
                callbacks: {supervisorRingTimeout: 1 min}
                """);
        assertThat(c.ami().settings().keepAlive()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.ami().settings().reconnectMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.ami().settings().actionTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(c.callbacks().supervisorRingTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void absentKeysTakeTheNamedDefaults() {
        ServerConfig c = parse("ami: {username: cti, secret: x}");
        assertThat(c.http().port()).isEqualTo(ServerConfig.Http.DEFAULT_PORT);
        assertThat(c.http().idleTimeout()).isEqualTo(ServerConfig.Http.DEFAULT_IDLE_TIMEOUT);
        assertThat(c.ami().settings().keepAlive()).isEqualTo(AmiConnection.DEFAULT_KEEP_ALIVE);
        assertThat(c.ami().queue()).isEqualTo(ServerConfig.Ami.DEFAULT_QUEUE);
        assertThat(c.database()).isEqualTo(ServerConfig.DatabaseConfig.DEFAULTS);
        assertThat(c.transfer().budget()).isEqualTo(ThreeWayBudget.Settings.R10);
        assertThat(c.callbacks()).isEqualTo(CallbackConfig.defaults());
        assertThat(c.agi()).isEqualTo(ServerConfig.Agi.DEFAULTS);
    }

    @Test
    void aBadValueNamesFileKeyAndWhatIsWrong() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> parse("ami: {username: cti, secret: x}\ntransfer: {legGrace: 10 fortnights}"));
        assertThat(e.id()).isEqualTo("invalid-config");
        assertThat(e.getMessage())
                .isEqualTo("cti.yaml: transfer.legGrace: must be a duration with a unit: 'fortnights' in "
                        + "'10 fortnights' is not one of " + Durations.UNITS);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("""
                        http: {port: 99999, idleTimeout: 10}
                        ami: {username: cti, secret: x}
                        transfer: {budget: {share: four, lookbackWeeks: 0}}
                        dialTests: {ringTimeout: 5 min}
                        """));
        assertThat(e.problems())
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "cti.yaml: http.port: must be 0..65535, was 99999",
                        "cti.yaml: http.idleTimeout: must be a duration with a unit such as '90 seconds', '5 min' or"
                                + " '2h', was '10'",
                        "cti.yaml: transfer.budget.share: must be a share such as '4%' or 0.04, was 'four'",
                        "cti.yaml: transfer.budget.lookbackWeeks: must be 1..52, was 0",
                        "cti.yaml: dialTests.ringTimeout: must be between 1 second and 2 minutes, was 300 seconds");
        assertThat(e.getMessage()).startsWith("invalid configuration:\ncti.yaml: ");
    }

    @Test
    void secretsAreMasked() {
        ServerConfig c = parse("""
                ami: {username: cti, secret: '${CTI_AMI_SECRET}'}
                database: {url: 'jdbc:postgresql://db/cti', password: hunter2-db}
                """);
        assertThat(c.ami().settings().secret()).isEqualTo("s3cret-ami");
        assertThat(c.toString()).doesNotContain("s3cret-ami", "hunter2-db").contains("<masked>");
    }

    /** A new file under config/ needs a loader and a line in {@link #everyShippedConfigFileLoads}. */
    @Test
    void everyYamlFileUnderConfigIsOneThisTestLoads() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(Path.of("..", "config"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .containsExactlyInAnyOrder(
                            "cti.yaml", "demo.yaml", "departments.yaml", "kb.yaml", "roster.yaml", "survey.yaml");
        }
    }

    /** One reader: no class but ConfigNode parses YAML (issue 12 item 3). */
    @Test
    void onlyConfigNodeReadsYaml() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ConfigNode.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.fasterxml.jackson.dataformat.yaml..")
                .because("every config file is read by the one reader, with file: key: reason problems")
                .check(new com.tngtech.archunit.core.importer.ClassFileImporter()
                        .withImportOption(
                                com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.hotline.cti"));
    }
}
