package org.hotline.softphone.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.softphone.cti.CtiEvent;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.WsCtiClient;
import org.hotline.softphone.testing.Peer;
import org.hotline.softphone.testing.SandboxCti;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interoperability: a third-party phone (Debian's baresip) registers as agent extension 8002 in
 * the sandbox, the agent 8002 logs in to the CTI (QueueAdd), and a sipp enterprise caller from
 * 127.0.0.2 is offered to it and answered (baresip's auto-answer), with audio reaching baresip
 * (baresip sends a 440 Hz tone from an 8 kHz WAV file, since its ausine source only runs at
 * 48 kHz; the caller echoes it and baresip reports incoming RTP). Debian's baresip 1.0 has no
 * file player, so what it hears is not recorded.
 */
@ExtendWith(SandboxCti.class)
class BaresipIT {

    @Test
    void baresipRegistersAsAnAgentExtensionAndTakesAQueueCall(SandboxCti.Running cti) throws Exception {
        Path dir = SandboxCti.WORK.resolve("baresip-config");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config"), """
                poll_method   epoll
                sip_listen    127.0.0.1:5080
                sip_trans_def udp
                net_interface 127.0.0.1
                audio_source  aufile,%s
                audio_alert   aufile,/dev/null
                rtp_ports     16600-16619
                module_path   /usr/lib/baresip/modules
                module        g711.so
                module        aufile.so
                module_app    account.so
                module_app    menu.so
                """.formatted(tone(dir.resolve("tone.wav"))));
        Files.writeString(
                dir.resolve("accounts"), "<sip:8002@127.0.0.1>;auth_pass=agent8002;answermode=auto;regint=120\n");
        List<CtiEvent> events = new CopyOnWriteArrayList<>();
        String caller = AgentFlowIT.uniqueCaller();
        try (Peer baresip = Peer.start("baresip", List.of("baresip", "-f", dir.toString()));
                WsCtiClient client = new WsCtiClient()) {
            Path out = baresip.dir.resolve("out.log");
            await("baresip registered as 8002; see " + out)
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        assertThat(baresip.alive()).as(baresip.output()).isTrue();
                        return Files.readString(out).contains("8002@127.0.0.1: {0/UDP/v4} 200 OK");
                    });
            client.addListener(events::add);
            client.connect(new CtiLogin(cti.base(), "8002", SandboxCti.PASSWORD, "8002"))
                    .get(10, TimeUnit.SECONDS);

            try (Peer enterprise = Peer.sipp(
                    "baresip-caller",
                    "caller.xml",
                    "127.0.0.2",
                    5093,
                    6120,
                    "-rtp_echo",
                    "-key",
                    "caller",
                    caller,
                    "-s",
                    "12345",
                    "-d",
                    "3000",
                    "127.0.0.1:5060")) {
                assertThat(enterprise.awaitExit(Duration.ofSeconds(40)))
                        .as(enterprise.output())
                        .isZero();
            }
            await("the CTI saw 8002 answer")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .anyMatch(e -> e instanceof CtiEvent.CallAnswered a
                                    && caller.equals(a.caller())
                                    && "8002".equals(a.agent())));
            assertThat(events)
                    .anySatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    CtiEvent.CallOffered.class,
                                    o -> assertThat(o.caller()).isEqualTo(caller)));
            String log = Files.readString(baresip.dir.resolve("out.log"));
            assertThat(log)
                    .contains("Call established: sip:" + caller + "@127.0.0.1")
                    .contains("audio tx pipeline:      aufile ---> PCMU")
                    .contains("stream: incoming rtp for 'audio' established");
        }
    }

    /** 20 s of a 440 Hz tone, 8 kHz 16-bit mono PCM WAV. */
    static Path tone(Path file) throws java.io.IOException {
        int rate = 8000;
        int samples = rate * 20;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + samples * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(36 + samples * 2)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (6000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        Files.write(file, b.array());
        return file;
    }
}
