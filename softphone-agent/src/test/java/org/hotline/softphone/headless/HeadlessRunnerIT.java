package org.hotline.softphone.headless;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hotline.softphone.sip.SipPhone;
import org.hotline.softphone.testing.Sipp;
import org.hotline.softphone.testing.TestPhones;
import org.junit.jupiter.api.Test;

class HeadlessRunnerIT {

    private static final int PHONE = 6600;
    private static final int SIPP = 6650;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void scriptAnswersACallAndReportsEachEventOnOneLine() throws Exception {
        String script = """
                # take one call, check audio, send a digit, hang up
                wait-for ringing 10
                answer
                wait-for answered 10
                dtmf 5
                wait-for dtmf 10
                status
                hangup
                wait-for ended 10
                quit
                """;
        try (Sipp sipp = Sipp.start(
                        "headless", "uac_call.xml", SIPP, SIPP + 10, "-rtp_echo", "-s", "8001", Sipp.IP + ":" + PHONE);
                SipPhone phone = TestPhones.phone(TestPhones.config(PHONE, SIPP))) {
            HeadlessRunner runner = new HeadlessRunner(phone, out, true);

            int code = runner.run(new BufferedReader(new StringReader(script)));

            assertThat(code).as(String.join("\n", lines())).isZero();
            assertThat(sipp.awaitExit(Duration.ofSeconds(10)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
        List<String> lines = lines();
        assertThat(lines)
                .anyMatch(l -> l.matches("event=ringing call=\\S+ from=13800138000 name=\"Enterprise Caller\""));
        assertThat(lines).anyMatch(l -> l.matches("event=answered call=\\S+ remote=13800138000 " + "codec=PCMA"));
        assertThat(lines).anyMatch(l -> l.matches("event=dtmf call=\\S+ digit=5"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("event=status registration=unregistered " + "call=")
                        && l.contains(" state=active ")
                        && l.contains(" codec=PCMA "));
        assertThat(lines)
                .anyMatch(l -> l.matches("event=ended call=\\S+ reason=local-hangup detail=\"BYE\" codec=PCMA "
                        + "packets-sent=\\d+ packets-received=\\d+ .*"));
    }

    @Test
    void failedStepStopsAScriptWithAnErrorLine() throws Exception {
        try (SipPhone phone = TestPhones.phone(TestPhones.config(PHONE + 1, SIPP + 1))) {
            HeadlessRunner runner = new HeadlessRunner(phone, out, true);

            int code = runner.run(new BufferedReader(new StringReader("answer\nstatus\n")));

            assertThat(code).isEqualTo(1);
            assertThat(lines()).containsExactly("event=error command=answer id=no-call message=\"there is no call\"");
        }
    }

    @Test
    void waitForTimesOutAndInteractiveModeCarriesOn() throws Exception {
        try (SipPhone phone = TestPhones.phone(TestPhones.config(PHONE + 2, SIPP + 2))) {
            HeadlessRunner runner = new HeadlessRunner(phone, out, false);

            int code = runner.run(new BufferedReader(new StringReader("wait-for ringing 0.2\nfrobnicate\nstatus\n")));

            assertThat(code).isZero();
            assertThat(lines())
                    .containsExactly(
                            "event=error command=wait-for id=timeout message=\"no ringing within 0.2s\"",
                            "event=error command=frobnicate id=unknown-command "
                                    + "message=\"unknown command: frobnicate\"",
                            "event=status registration=unregistered call=none");
        }
    }
}
