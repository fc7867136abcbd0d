package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.cti.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key no loader knows (a typo, a key in the wrong section) stops the start, naming the file, the
 * key's full path and the nearest known key, every such key at once (STYLE rule 6): before, a
 * {@code commitLingr:} was ignored and the server ran on the default.
 */
class UnknownConfigKeysTest {
    private static final Map<String, String> ENV = Map.of("CTI_AMI_SECRET", "x");

    @TempDir
    Path dir;

    private static ConfigException refused(String yaml) {
        return catchThrowableOfType(
                ConfigException.class,
                () -> ServerConfig.from(ConfigNode.parse("cti.yaml", yaml, ConfigNode.envOf(ENV)), Path.of("config")));
    }

    @Test
    void aMisspeltKeyIsRefusedWithItsPathAndTheKeyMeant() {
        assertThat(refused("ami: {username: cti, secret: x}\ndatabase: {commitLingr: 200 ms}"))
                .hasMessage("cti.yaml: database.commitLingr: unknown key; did you mean 'commitLinger'?");
        assertThat(refused("ami: {hots: pbx.example, username: cti, secret: x}"))
                .hasMessage("cti.yaml: ami.hots: unknown key; did you mean 'host'?");
        // Case alone is a typo too.
        assertThat(refused("ami: {username: cti, secret: x}\nhttp: {Port: 8081}"))
                .hasMessage("cti.yaml: http.Port: unknown key; did you mean 'port'?");
    }

    @Test
    void everyUnknownKeyIsListedAtOnceWithTheOtherProblems() {
        ConfigException e = refused("""
                ami: {username: cti, secret: x, port: 0, hots: pbx}
                database: {commitLingr: 200 ms}
                hotlin: {zone: Asia/Shanghai}
                users:
                  - {name: a, role: agent, password: p, extention: "8001"}
                transfer: {budget: {shere: 5%}}
                """);
        assertThat(e.problems())
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "cti.yaml: ami.port: must be 1..65535, was 0",
                        "cti.yaml: ami.hots: unknown key; did you mean 'host'?",
                        "cti.yaml: database.commitLingr: unknown key; did you mean 'commitLinger'?",
                        "cti.yaml: hotlin: unknown key; did you mean 'hotline'?",
                        "cti.yaml: users[0].extention: unknown key; did you mean 'extension'?",
                        "cti.yaml: transfer.budget.shere: unknown key; did you mean 'share'?");
        assertThat(e).hasMessageStartingWith("invalid configuration:\n");
    }

    @Test
    void aKeyFarFromEveryKnownOneListsWhatTheSectionTakes() {
        assertThat(refused("ami: {username: cti, secret: x}\ndatabase: {pool: 10}"))
                .hasMessage("cti.yaml: database.pool: unknown key; known keys here: url, user, password, commitLinger");
    }

    @Test
    void keysUnderAnUnknownSectionAreNotListedAgain() {
        assertThat(refused("ami: {username: cti, secret: x}\nmetrix: {bearerTokenFile: t, other: 1}")
                        .problems())
                .extracting(ConfigProblem::key)
                .containsExactly("metrix");
    }

    @Test
    void keysReadOnlyInSomeCasesAreKnown() {
        // Every node gives its own secret: the shared one is still a known key, not a typo.
        ServerConfig c = ServerConfig.from(ConfigNode.parse("cti.yaml", """
                        ami:
                          username: cti
                          secret: shared
                          nodes:
                            - {name: pbx1, host: 10.0.0.1, secret: one}
                            - {name: pbx2, host: 10.0.0.2, secret: two}
                        users:
                          - {name: "8001", role: agent, password: p, department: tax}
                        """, ConfigNode.envOf(ENV)), Path.of("config"));
        assertThat(c.ami().nodes()).hasSize(2);
    }

    @Test
    void theRuleFilesRefuseUnknownKeysToo() throws IOException {
        Path departments = Files.writeString(dir.resolve("departments.yaml"), """
                departments:
                  - {code: tax, name: 税务局, transferNumbers: ["8301"], ringTimout: 20 seconds}
                matters:
                  - {code: vat, name: 增值税, department: tax, threeWay: true}
                """);
        assertThat(catchThrowableOfType(ConfigException.class, () -> DirectoryConfigLoader.load(departments)))
                .hasMessage(departments + ": departments[0].ringTimout: unknown key; did you mean 'ringTimeout'?");

        Path kb = Files.writeString(dir.resolve("kb.yaml"), """
                entries:
                  - {department: tax, title: 退税, script: 说明, documents: [{title: t, effective: 2026-01-01, expiry: 2027-01-01}]}
                """);
        assertThat(catchThrowableOfType(
                        ConfigException.class, () -> KbSeedLoader.load(kb, Instant.parse("2026-11-29T00:00:00Z"))))
                .hasMessage(kb + ": entries[0].documents[0].expiry: unknown key; did you mean 'expires'?");

        Path survey = Files.writeString(dir.resolve("survey.yaml"), """
                survey:
                  titel: 问卷
                  questions: [{id: q1, text: 满意吗, options: [是, 否]}]
                """);
        assertThat(catchThrowableOfType(ConfigException.class, () -> SurveyLoader.load(survey, code -> true)))
                .hasMessage(survey + ": survey.titel: unknown key; did you mean 'title'?");
    }

    /** What an administrator sees: {@code serve} stops with the id and every unknown key, naming the file. */
    @Test
    void serveStopsAtStartNamingTheFileAndTheKeys() throws IOException {
        Path cti = Files.writeString(
                dir.resolve("cti.yaml"),
                "ami: {hots: pbx, username: cti, secret: x}\ndatabase: {commitLingr: 200 ms}\n",
                StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--config", cti.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("error [invalid-config]: invalid configuration:")
                .contains(cti + ": ami.hots: unknown key; did you mean 'host'?")
                .contains(cti + ": database.commitLingr: unknown key; did you mean 'commitLinger'?");
    }

    /** {@code demo} reads its configuration before it starts any Asterisk, so a typo costs nothing. */
    @Test
    void demoStopsOnAnUnknownKeyBeforeStartingThePbx() throws IOException {
        String shipped = Files.readString(Path.of("..", "config", "demo.yaml"), StandardCharsets.UTF_8);
        Path demo = Files.writeString(dir.resolve("demo.yaml"), shipped.replace("keepAlive:", "keepAlve:"));
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute("demo", "--config", demo.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(demo + ": ami.keepAlve: unknown key; did you mean 'keepAlive'?");
    }

    /** The multi-node example in README.md ("Several Asterisk nodes") loads as written. */
    @Test
    void theReadmeExampleLoads() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^ {4}ami:\\n(?: {6}.*\\n)+").matcher(readme);
        assertThat(m.find()).as("README's ami example").isTrue();
        String yaml = m.group().replaceAll("(?m)^ {4}", "");
        ServerConfig c = ServerConfig.from(
                ConfigNode.parse(
                        "README.md", yaml, ConfigNode.envOf(Map.of("CTI_AMI_SECRET", "a", "CTI_AMI_SECRET_PBX2", "b"))),
                Path.of("config"));
        assertThat(c.ami().nodes()).extracting(AmiConnection::name).containsExactly("pbx1", "pbx2");
    }
}
