package org.hotline.softphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void roundTripsHeaderAndPayload() {
        byte[] payload = {1, 2, 3};
        byte[] wire = RtpPacket.of(true, 101, 65535, 0xFFFFFFF0L, 0xCAFEBABEL, payload)
                .toBytes();
        assertThat(wire).hasSize(15);
        assertThat(wire[0] & 0xFF).isEqualTo(0x80);
        assertThat(wire[1] & 0xFF).isEqualTo(0x80 | 101);

        RtpPacket p = RtpPacket.parse(wire, wire.length);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(101);
        assertThat(p.sequence()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xFFFFFFF0L);
        assertThat(p.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(p.payloadLength()).isEqualTo(3);
        assertThat(p.payload()[p.payloadOffset() + 2]).isEqualTo((byte) 3);
    }

    @Test
    void skipsCsrcsAndIgnoresRtcp() {
        byte[] wire = new byte[12 + 4 + 2];
        wire[0] = (byte) 0x81; // one CSRC
        wire[1] = 0;
        wire[16] = 9;
        RtpPacket p = RtpPacket.parse(wire, wire.length);
        assertThat(p.payloadOffset()).isEqualTo(16);
        assertThat(p.payloadLength()).isEqualTo(2);

        byte[] rtcp = new byte[28];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 200; // sender report: PT 72 once the marker bit is off
        assertThat(RtpPacket.parse(rtcp, rtcp.length)).isNull();
    }

    @Test
    void dtmfPayloadFollowsRfc4733() {
        assertThat(Dtmf.payload(Dtmf.eventCode('#'), true, 800)).containsExactly(11, 0x80 | 10, 3, 0x20);
        assertThat(Dtmf.digit(Dtmf.eventCode('5'))).isEqualTo('5');
        assertThat(Dtmf.isDigit('x')).isFalse();
    }
}
