package org.hotline.softphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One RtpSession against plain sockets standing in for the peer's RTP and RTCP ports. */
class RtpSessionTest {

    private static final String IP = "127.0.0.9";

    private DatagramSocket peerRtp;
    private DatagramSocket peerRtcp;
    private RtpSession session;
    private final List<Character> digits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        peerRtp = new DatagramSocket(new InetSocketAddress(IP, 6700));
        peerRtcp = new DatagramSocket(new InetSocketAddress(IP, 6701));
        peerRtp.setSoTimeout(3000);
        peerRtcp.setSoTimeout(3000);
        RtpPorts ports = new RtpPorts(InetAddress.getByName(IP), 6710, 6719);
        session = new RtpSession(ports.bind(), new ToneSource(440, 0.25), new MeteringSink(null), digits::add);
        session.start(new InetSocketAddress(IP, 6700), Codec.PCMU, 101);
    }

    @AfterEach
    void stop() {
        session.close();
        peerRtp.close();
        peerRtcp.close();
    }

    private RtpPacket receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return RtpPacket.parse(buf, p.getLength());
    }

    @Test
    void sendsTwentyMillisecondPcmuFramesInSequence() throws Exception {
        RtpPacket first = receive(peerRtp);
        RtpPacket second = receive(peerRtp);
        assertThat(first.payloadType()).isZero();
        assertThat(first.payloadLength()).isEqualTo(160);
        assertThat(second.sequence()).isEqualTo((first.sequence() + 1) & 0xFFFF);
        assertThat(second.timestamp() - first.timestamp()).isEqualTo(160);
        assertThat(second.ssrc()).isEqualTo(first.ssrc());
    }

    @Test
    void sendsDtmfAsRfc4733EventPackets() throws Exception {
        receive(peerRtp);
        session.sendDtmf('9');
        List<RtpPacket> events = new ArrayList<>();
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (events.size() < 8 && System.nanoTime() < deadline) {
            RtpPacket p = receive(peerRtp);
            if (p.payloadType() == 101) {
                events.add(p);
            }
        }
        assertThat(events).hasSize(8);
        assertThat(events.get(0).marker()).isTrue();
        assertThat(events).allSatisfy(p -> {
            assertThat(p.timestamp()).isEqualTo(events.get(0).timestamp());
            assertThat(p.payload()[p.payloadOffset()]).isEqualTo((byte) 9);
        });
        // five packets of growing duration, then the end packet three times (E bit set)
        assertThat(events.stream().map(p -> (p.payload()[p.payloadOffset() + 1] & 0x80) != 0))
                .containsExactly(false, false, false, false, false, true, true, true);
        assertThat(events.stream()
                        .map(p -> ((p.payload()[p.payloadOffset() + 2] & 0xFF) << 8)
                                | (p.payload()[p.payloadOffset() + 3] & 0xFF)))
                .containsExactly(160, 320, 480, 640, 800, 800, 800, 800);
        RtpPacket audio = receive(peerRtp);
        assertThat(audio.payloadType()).isZero();
    }

    @Test
    void reportsDtmfArrivingOncePerEvent() throws Exception {
        InetSocketAddress to = new InetSocketAddress(IP, session.localPort());
        for (int i = 0; i < 4; i++) { // one event, four packets sharing a timestamp
            byte[] wire = RtpPacket.of(
                            i == 0, 101, 100 + i, 8000, 42, Dtmf.payload(Dtmf.eventCode('*'), i == 3, 160 * (i + 1)))
                    .toBytes();
            peerRtp.send(new DatagramPacket(wire, wire.length, to));
        }
        await().until(() -> session.stats().packetsReceived() == 4);
        assertThat(digits).containsExactly('*');
    }

    @Test
    void sendsAnRtcpSenderReportOnTheOddPort() throws Exception {
        RtpPacket rtp = receive(peerRtp);
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        peerRtcp.receive(p);
        ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
        assertThat(b.get(0) & 0xC0).isEqualTo(0x80);
        assertThat(b.get(1) & 0xFF).isEqualTo(200);
        assertThat(b.getInt(4) & 0xFFFFFFFFL).isEqualTo(rtp.ssrc());
        assertThat(b.getInt(20)).as("sender's packet count").isPositive();
        assertThat(b.get(29) & 0xFF).as("SDES follows").isEqualTo(202);
        assertThat(p.getLength() % 4).isZero();
    }
}
