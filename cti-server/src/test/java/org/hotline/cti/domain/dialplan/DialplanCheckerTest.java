package org.hotline.cti.domain.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DialplanCheckerTest {
    /** The repository's own dialplan, the one the sandbox and production start from. */
    static Map<String, String> repoDialplan() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("../dialplans"))) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }

    static Map<String, String> with(String file, String text) throws IOException {
        Map<String, String> files = new HashMap<>(repoDialplan());
        files.put(file, text);
        return files;
    }

    @Test
    void theRepositoryDialplanPassesWithEveryFileReadAndTheCtiContextsPresent() throws IOException {
        DialplanReport r = DialplanChecker.check(repoDialplan());
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.files())
                .containsExactly(
                        "extensions.conf",
                        "hotline-globals.conf",
                        "hotline-inbound.conf",
                        "hotline-agents.conf",
                        "hotline-conference.conf",
                        "hotline-outbound.conf");
        assertThat(r.contexts())
                .containsKeys(
                        "from-enterprise",
                        "hotline-conference",
                        "hotline-conference-agent",
                        "hotline-conference-specialist",
                        "dial-test",
                        "callback",
                        "agents",
                        "from-specialists");
        // What Asterisk's "dialplan show agents" counts: 3 + 2 + 1 + 2 priorities.
        assertThat(r.contexts().get("agents").priorityCount()).isEqualTo(8);
        assertThat(r.contexts().get("from-enterprise").priorityCount())
                .isEqualTo(20); // incl. the CEL records of misses (R11), the arrival AGI and the greeting
    }

    @Test
    void sectionWithoutClosingBracketIsReportedWithFileAndLine() throws IOException {
        String text = "; dial tests\n[dial-test\nexten => answered,1,Hangup()\n";
        DialplanReport r =
                DialplanChecker.check(with("hotline-outbound.conf", text + "[callback]\nexten => _X.,1,Hangup()\n"));
        assertThat(r.errors())
                .extracting(Object::toString)
                .contains("hotline-outbound.conf:2: section header '[dial-test' has no closing ']'");
    }

    @Test
    void includeThatDoesNotResolveIsAnErrorAtTheIncludeLine() throws IOException {
        Map<String, String> files = repoDialplan();
        files.remove("hotline-outbound.conf");
        DialplanReport r = DialplanChecker.check(files);
        assertThat(r.errors()).filteredOn(p -> p.line() > 0).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("extensions.conf");
            assertThat(p.line()).isEqualTo(16);
            assertThat(p.message()).startsWith("#include hotline-outbound.conf: no such file");
        });
        // and therefore the contexts the CTI needs from that file are missing
        assertThat(r.errors())
                .extracting(DialplanProblem::message)
                .anyMatch(m -> m.startsWith("context [dial-test] is missing"))
                .anyMatch(m -> m.startsWith("context [callback] is missing"));
    }

    @Test
    void fromEnterpriseWithout12345IsRefused() throws IOException {
        String inbound =
                "[from-enterprise]\nexten => 54321,1,Queue(enterprise-desk)\n\n[from-specialists]\nexten => s,1,Hangup()\n";
        DialplanReport r = DialplanChecker.check(with("hotline-inbound.conf", inbound));
        assertThat(r.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "hotline-inbound.conf:1: context [from-enterprise] has no extension matching 12345; the CTI relies on it");
    }

    @Test
    void lineErrorsInsideAContextNameTheirLines() throws IOException {
        String agents = String.join(
                "\n",
                "[agents]", // 1
                "same => n,Hangup()", // 2 same without exten
                "exten => 8001,1,Dial(PJSIP/8001,30", // 3 unbalanced
                "exten => 8001,1,Hangup()", // 4 duplicate priority
                "exten => 8002,2,Hangup()", // 5 starts at 2
                "exten => 8003,n,Hangup()", // 6 n first
                "exten => 8004,1(start),NoOp()", // 7
                " same => n(start),Hangup()", // 8 duplicate label
                "include => no-such-context", // 9
                "dial => 8005,1,Hangup()", // 10 unknown keyword
                "exten => 8006,x,Hangup()", // 11 bad priority
                "exten => 12345,1,Goto(from-enterprise,12345,1)", // 12 fine
                "");
        DialplanReport r = DialplanChecker.check(with("hotline-agents.conf", agents));
        assertThat(r.errors())
                .extracting(p -> p.file() + ":" + p.line())
                .containsExactlyInAnyOrder(
                        "hotline-agents.conf:2",
                        "hotline-agents.conf:3",
                        "hotline-agents.conf:4",
                        "hotline-agents.conf:5",
                        "hotline-agents.conf:6",
                        "hotline-agents.conf:8",
                        "hotline-agents.conf:9",
                        "hotline-agents.conf:10",
                        "hotline-agents.conf:11");
        assertThat(r.errors())
                .extracting(Object::toString)
                .contains(
                        "hotline-agents.conf:3: unbalanced parentheses in 'Dial(PJSIP/8001,30'",
                        "hotline-agents.conf:4: priority 1 of '8001' is already defined at hotline-agents.conf:3",
                        "hotline-agents.conf:9: include => no-such-context: no file defines context [no-such-context]");
    }

    @Test
    void commentsAndEscapedSemicolonsAreNotMistakenForCode() throws IOException {
        String conf = String.join(
                "\n",
                "[hotline-conference] ; rooms",
                ";-- a block comment",
                "exten => this is not code",
                "--;",
                "exten => _X.,1,ConfBridge(${EXTEN},hotline_bridge,hotline_caller) ; trailing",
                " same => n,NoOp(a\\;b)",
                "[hotline-conference-agent]",
                "exten => _X.,1,ConfBridge(${EXTEN},hotline_bridge,hotline_agent)",
                "[hotline-conference-specialist]",
                "exten => _X.,1,ConfBridge(${EXTEN},hotline_bridge,hotline_specialist)",
                "");
        DialplanReport r = DialplanChecker.check(with("hotline-conference.conf", conf));
        assertThat(r.errors()).isEmpty();
        assertThat(r.contexts().get("hotline-conference").priorityCount()).isEqualTo(2);
    }

    @Test
    void pbxConfigurationFilesAndExecAreRefusedAndStrayFilesWarned() throws IOException {
        Map<String, String> files = with("manager.conf", "[general]\nenabled = yes\n");
        files.put("notes.conf", "[scratch]\nexten => 1,1,Hangup()\n");
        files.put("extensions.conf", files.get("extensions.conf") + "#exec /bin/date\n");
        DialplanReport r = DialplanChecker.check(files);
        assertThat(r.errors())
                .extracting(Object::toString)
                .contains(
                        "manager.conf: is PBX configuration, not dialplan: a dialplan load never replaces it",
                        "extensions.conf:17: #exec is not allowed: it runs a program on the PBX at every reload");
        assertThat(r.warnings()).extracting(DialplanProblem::file).contains("notes.conf");
        assertThat(r.files()).doesNotContain("notes.conf");
    }

    @Test
    void missingExtensionsConfAndIncludeCyclesAreReported() throws IOException {
        assertThat(DialplanChecker.check(Map.of("hotline-inbound.conf", "[x]\n"))
                        .errorText())
                .isEqualTo("extensions.conf: missing: Asterisk starts reading the dialplan here");
        Map<String, String> files = with("hotline-globals.conf", "[globals]\nA = 1\n#include extensions.conf\n");
        assertThat(DialplanChecker.check(files).errors())
                .extracting(DialplanProblem::message)
                .anyMatch(m ->
                        m.startsWith("#include cycle: extensions.conf -> hotline-globals.conf -> extensions.conf"));
    }

    @Test
    void patternsMatchTheWayAsteriskDoes() {
        assertThat(ExtensionPattern.matches("_X.", "7001")).isTrue();
        assertThat(ExtensionPattern.matches("_X.", "7")).isFalse();
        assertThat(ExtensionPattern.matches("_X!", "7")).isTrue();
        assertThat(ExtensionPattern.matches("_80XX", "8012")).isTrue();
        assertThat(ExtensionPattern.matches("_810[1-5]", "8106")).isFalse();
        assertThat(ExtensionPattern.matches("_NXX", "123")).isFalse();
        assertThat(ExtensionPattern.matches("_[0-9*#+].", "12345")).isTrue();
        assertThat(ExtensionPattern.matches("12345/1390000", "12345")).isTrue();
        assertThat(ExtensionPattern.matches("answered", "answered")).isTrue();
    }
}
