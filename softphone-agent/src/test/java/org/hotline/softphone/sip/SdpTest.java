package org.hotline.softphone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hotline.softphone.media.Codec;
import org.junit.jupiter.api.Test;

class SdpTest {

    private static final String ASTERISK_OFFER = """
            v=0
            o=- 1234 1234 IN IP4 127.0.0.1
            s=Asterisk
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 10010 RTP/AVP 8 0 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=sendrecv
            """;

    @Test
    void parsesAnOfferInThePeersOrder() {
        Sdp.Remote r = Sdp.parse(ASTERISK_OFFER);
        assertThat(r.address()).isEqualTo("127.0.0.1");
        assertThat(r.port()).isEqualTo(10010);
        assertThat(r.preferredCodec()).isEqualTo(Codec.PCMA);
        assertThat(r.telephoneEventPt()).isEqualTo(101);
        assertThat(r.direction()).isEqualTo("sendrecv");
        assertThat(r.holdsUs()).isFalse();
    }

    @Test
    void mediaLevelAddressAndDirectionWin() {
        Sdp.Remote r = Sdp.parse("v=0\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 18 0\r\nc=IN IP4 10.0.0.2\r\na=sendonly\r\n");
        assertThat(r.address()).isEqualTo("10.0.0.2");
        assertThat(r.preferredCodec()).isEqualTo(Codec.PCMU);
        assertThat(r.telephoneEventPt()).isEqualTo(-1);
        assertThat(r.holdsUs()).isTrue();
    }

    @Test
    void answerCarriesOnlyTheChosenCodecAndTheirEventType() {
        String answer = Sdp.answer("127.0.0.9", 6010, 7, 2, Codec.PCMA, 96, "recvonly");
        assertThat(answer)
                .contains(
                        "m=audio 6010 RTP/AVP 8 96\r\n",
                        "a=rtpmap:96 telephone-event/8000",
                        "a=recvonly",
                        "c=IN IP4 127.0.0.9",
                        "o=hotline 7 2 IN IP4 127.0.0.9");
        Sdp.Remote back = Sdp.parse(answer);
        assertThat(back.port()).isEqualTo(6010);
        assertThat(back.telephoneEventPt()).isEqualTo(96);
    }

    @Test
    void answerDirectionMirrorsTheOffer() {
        assertThat(Sdp.answerDirection("sendonly", false)).isEqualTo("recvonly");
        assertThat(Sdp.answerDirection("recvonly", false)).isEqualTo("sendonly");
        assertThat(Sdp.answerDirection("sendrecv", false)).isEqualTo("sendrecv");
        assertThat(Sdp.answerDirection("sendrecv", true)).isEqualTo("sendonly");
        assertThat(Sdp.answerDirection("inactive", false)).isEqualTo("inactive");
    }

    @Test
    void rejectsSdpWithoutAudio() {
        assertThatThrownBy(() -> Sdp.parse("v=0\r\nm=video 5000 RTP/AVP 96\r\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
