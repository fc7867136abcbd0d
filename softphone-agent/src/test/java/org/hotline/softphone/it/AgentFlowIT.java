package org.hotline.softphone.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hotline.softphone.cti.CallbackItem;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.Department;
import org.hotline.softphone.cti.RestDeskApi;
import org.hotline.softphone.cti.WsCtiClient;
import org.hotline.softphone.headless.HeadlessRunner;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.phone.MediaStats;
import org.hotline.softphone.sip.SipPhone;
import org.hotline.softphone.sip.SipPhoneConfig;
import org.hotline.softphone.testing.Peer;
import org.hotline.softphone.testing.SandboxCti;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole agent flow on the real sandbox Asterisk and a real cti-server, driven through the
 * headless runner's commands as a script would: register as 8001, CTI login (QueueAdd), a sipp
 * enterprise caller from 127.0.0.2 rings the queue, screen pop, answer, RTP both ways (the caller
 * echoes our tone back), Transfer through the CTI to the tax specialist (sipp on 127.0.0.3:5071),
 * transfer.result connected, hang up, wrap-up.
 */
@ExtendWith(SandboxCti.class)
class AgentFlowIT {

    static SipPhone phone(String ext, int sipPort, int rtpBase) throws Exception {
        SipPhoneConfig config = SipPhoneConfig.of("127.0.0.1", 5060, ext, "agent" + ext, "127.0.0.1", sipPort)
                .withRtpPorts(rtpBase, rtpBase + 19)
                .withRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        return new SipPhone(
                config,
                MediaFactory.create(
                        InetAddress.getByName("127.0.0.1"),
                        config.rtpPortMin(),
                        config.rtpPortMax(),
                        MediaFactory.AudioMode.TONE));
    }

    static String uniqueCaller() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    @Test
    void registersLogsInAnswersWithAudioTransfersToTheSpecialistAndHangsUp(SandboxCti.Running cti) throws Exception {
        String caller = uniqueCaller();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
        CtiLogin login = new CtiLogin(cti.base(), "8001", SandboxCti.PASSWORD, "8001");
        try (SipPhone phone = phone("8001", 5070, 16400);
                WsCtiClient client = new WsCtiClient();
                Peer specialist = Peer.sipp(
                        "specialist", "answer-bye.xml", "127.0.0.3", 5071, 6200, "-aa", "-rtp_echo", "-d", "4000")) {
            HeadlessRunner runner = new HeadlessRunner(phone, client, login, out, true);
            phone.register();
            assertThat(run(runner, """
                    wait-for registered 10
                    cti-login
                    wait-for cti-logged-in 5
                    """))
                    .as(lines.toString(StandardCharsets.UTF_8))
                    .isZero();
            assertThat(lines.toString(StandardCharsets.UTF_8))
                    .contains("event=cti-login agent=8001 role=agent extension=8001 ready=true");

            try (Peer enterprise = Peer.sipp(
                    "caller",
                    "caller.xml",
                    "127.0.0.2",
                    5091,
                    6100,
                    "-rtp_echo",
                    "-key",
                    "caller",
                    caller,
                    "-s",
                    "12345",
                    "-d",
                    "12000",
                    "127.0.0.1:5060")) {
                assertThat(run(runner, """
                        wait-for ringing 30
                        wait-for call-offered 10
                        answer
                        wait-for answered 10
                        wait-for call-answered 10
                        """))
                        .as(lines.toString(StandardCharsets.UTF_8))
                        .isZero();
                String text = lines.toString(StandardCharsets.UTF_8);
                assertThat(text)
                        .contains("event=call-offered")
                        .contains("caller=" + caller)
                        .contains("event=ringing")
                        .contains("from=" + caller);

                // Audio both ways: our 440 Hz tone goes out, and comes back as the caller's echo.
                await("RTP both ways").atMost(Duration.ofSeconds(10)).until(() -> {
                    MediaStats m = phone.currentCall().orElseThrow().mediaStats();
                    return m.packetsSent() >= 50 && m.packetsReceived() >= 50;
                });
                assertThat(phone.currentCall().orElseThrow().mediaStats().receivedLevelDbfs())
                        .as("the echoed tone's level")
                        .isGreaterThan(-30.0);

                assertThat(run(runner, """
                        transfer vat-credit-refund
                        wait-for transfer-connected 30
                        """))
                        .as(lines.toString(StandardCharsets.UTF_8))
                        .isZero();
                text = lines.toString(StandardCharsets.UTF_8);
                assertThat(text)
                        .contains("event=transfer-requested")
                        .contains("matter=vat-credit-refund state=requested")
                        .contains("state=ringing target=sip:2001@127.0.0.3:5071")
                        .contains("event=transfer-connected");

                long before = phone.currentCall().orElseThrow().mediaStats().packetsReceived();
                await("media still flows in the conference")
                        .atMost(Duration.ofSeconds(5))
                        .until(() ->
                                phone.currentCall().orElseThrow().mediaStats().packetsReceived() >= before + 25);

                assertThat(run(runner, """
                        hangup
                        wait-for ended 10
                        wrapup vat-credit-refund transferred 三方通话已接通
                        """))
                        .as(lines.toString(StandardCharsets.UTF_8))
                        .isZero();
                text = lines.toString(StandardCharsets.UTF_8);
                assertThat(text).contains("reason=local-hangup").contains("event=wrapped-up");

                assertThat(specialist.awaitExit(Duration.ofSeconds(30)))
                        .as(specialist.output())
                        .isZero();
                assertThat(enterprise.awaitExit(Duration.ofSeconds(30)))
                        .as(enterprise.output())
                        .isZero();
            }
            assertThat(run(runner, "wait-for call-ended 10\n"))
                    .as(lines.toString(StandardCharsets.UTF_8))
                    .isZero();
        } finally {
            System.out.println(lines.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void restDeskApiListsTheDirectoryAndTheSupervisorsCallbacks(SandboxCti.Running cti) {
        RestDeskApi agent = new RestDeskApi(cti.base());
        assertThat(agent.login("8001", SandboxCti.PASSWORD)).isEqualTo("agent");
        List<Department> departments = agent.departments();
        assertThat(departments).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("tax");
            assertThat(d.name()).isEqualTo("税务局");
            assertThat(d.matters()).anySatisfy(m -> {
                assertThat(m.code()).isEqualTo("vat-credit-refund");
                assertThat(m.threeWay()).isTrue();
            });
        });

        RestDeskApi supervisor = new RestDeskApi(cti.base());
        assertThat(supervisor.login("supervisor", SandboxCti.PASSWORD)).isEqualTo("supervisor");
        List<CallbackItem> open = supervisor.callbacks();
        assertThat(open).allSatisfy(cb -> assertThat(cb.status()).isIn("pending", "dialling"));
    }

    private static int run(HeadlessRunner runner, String script) throws Exception {
        return runner.run(new BufferedReader(new StringReader(script)));
    }
}
