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
import org.junit.jupiter.api.Test;

/**
 * Two phones in one JVM, each with its own JAIN-SIP stack, calling each other directly:
 * audio measured at both ends, a second caller refused with 486, DTMF across, remote hold
 * seen by the held side, BYE.
 */
class TwoPhonesIT {

    private static final int A = 6400;
    private static final int B = 6500;

    @Test
    void callEachOtherWithAudioBothWays() throws Exception {
        try (SipPhone a = TestPhones.phone(TestPhones.config(A, B));
                SipPhone b = TestPhones.phone(TestPhones.config(B, A))) {
            EventRecorder aEvents = new EventRecorder();
            EventRecorder bEvents = new EventRecorder();
            a.addListener(aEvents);
            b.addListener(bEvents);

            Call outgoing = a.dial("8002");
            bEvents.await(PhoneEvent.Ringing.class);
            aEvents.await(PhoneEvent.RemoteRinging.class);
            b.answer();
            Call incoming = bEvents.await(PhoneEvent.Answered.class).call();
            aEvents.await(PhoneEvent.Answered.class);

            // a tone at a quarter of full scale is about -15 dBFS; silence would be -inf
            await().atMost(EventRecorder.WAIT)
                    .until(() -> outgoing.mediaStats().packetsReceived() >= 25
                            && incoming.mediaStats().packetsReceived() >= 25
                            && outgoing.mediaStats().receivedLevelDbfs() > -20
                            && incoming.mediaStats().receivedLevelDbfs() > -20);

            // one line only: a second caller meanwhile gets 486 and the call goes on
            try (Sipp busy = Sipp.start("busy", "uac_busy.xml", 6550, 6560, "-s", "8002", Sipp.IP + ":" + B)) {
                assertThat(busy.awaitExit(Duration.ofSeconds(10)))
                        .as(busy::diagnostics)
                        .isZero();
            }
            assertThat(b.currentCall()).containsSame(incoming);

            a.sendDtmf('#');
            assertThat(bEvents.await(PhoneEvent.DtmfReceived.class).digit()).isEqualTo('#');

            a.hold();
            aEvents.await(PhoneEvent.Held.class, h -> !h.byRemote());
            bEvents.await(PhoneEvent.Held.class, PhoneEvent.Held::byRemote);
            assertThat(incoming.state()).isEqualTo(Call.State.HELD);
            a.resume();
            bEvents.await(PhoneEvent.Resumed.class, PhoneEvent.Resumed::byRemote);
            assertThat(incoming.state()).isEqualTo(Call.State.ACTIVE);

            b.hangup();
            assertThat(aEvents.await(PhoneEvent.Ended.class).reason()).isEqualTo(EndReason.REMOTE_HANGUP);
            assertThat(bEvents.await(PhoneEvent.Ended.class).reason()).isEqualTo(EndReason.LOCAL_HANGUP);
        }
    }
}
