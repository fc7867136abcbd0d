package org.hotline.softphone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.testing.EventRecorder;
import org.hotline.softphone.testing.Sipp;
import org.hotline.softphone.testing.TestPhones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sipp calls the phone (no registrar involved: sipp sends straight to the phone's port). */
class IncomingCallIT {

    private static final int PHONE = 6200;
    private static final int SIPP = 6250;

    private SipPhone phone;
    private final EventRecorder events = new EventRecorder();

    @BeforeEach
    void start() throws Exception {
        phone = TestPhones.phone(TestPhones.config(PHONE, SIPP));
        phone.addListener(events);
    }

    @AfterEach
    void stop() {
        phone.close();
    }

    @Test
    void answersAndAudioFlowsBothWays() throws Exception {
        // -rtp_echo: sipp sends back every RTP packet it receives, so what the phone receives
        // has crossed the wire twice: proof of both directions and of the A-law round trip.
        try (Sipp sipp = Sipp.start(
                "incoming", "uac_call.xml", SIPP, SIPP + 10, "-rtp_echo", "-s", "8001", Sipp.IP + ":" + PHONE)) {
            PhoneEvent.Ringing ringing = events.await(PhoneEvent.Ringing.class);
            assertThat(ringing.call().remoteNumber()).isEqualTo("13800138000");
            assertThat(ringing.call().remoteName()).isEqualTo("Enterprise Caller");
            assertThat(ringing.call().direction()).isEqualTo(Call.Direction.INCOMING);

            phone.answer();
            Call call = events.await(PhoneEvent.Answered.class).call();
            assertThat(call.state()).isEqualTo(Call.State.ACTIVE);

            await().atMost(EventRecorder.WAIT)
                    .until(() -> call.mediaStats().packetsReceived() >= 25
                            && call.mediaStats().receivedLevelDbfs() > -20);
            assertThat(call.mediaStats().codec()).isEqualTo("PCMA");
            assertThat(call.mediaStats().packetsSent()).isGreaterThanOrEqualTo(25);
            assertThat(call.mediaStats().bytesReceived()).isGreaterThanOrEqualTo(25 * 160);

            phone.sendDtmf('5');
            assertThat(events.await(PhoneEvent.DtmfReceived.class).digit()).isEqualTo('5');

            phone.hangup();
            PhoneEvent.Ended ended = events.await(PhoneEvent.Ended.class);
            assertThat(ended.reason()).isEqualTo(EndReason.LOCAL_HANGUP);
            assertThat(phone.currentCall()).isEmpty();
            assertThat(sipp.awaitExit(Duration.ofSeconds(10)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
    }

    @Test
    void callerCancelsWhileRinging() throws Exception {
        try (Sipp sipp =
                Sipp.start("incoming-cancel", "uac_cancel.xml", SIPP, SIPP + 10, "-s", "8001", Sipp.IP + ":" + PHONE)) {
            events.await(PhoneEvent.Ringing.class);

            PhoneEvent.Ended ended = events.await(PhoneEvent.Ended.class);

            assertThat(ended.reason()).isEqualTo(EndReason.REMOTE_CANCEL);
            assertThat(phone.currentCall()).isEmpty();
            assertThat(sipp.awaitExit(Duration.ofSeconds(10)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
    }
}
