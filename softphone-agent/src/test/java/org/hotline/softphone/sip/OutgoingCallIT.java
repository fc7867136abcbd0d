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

/** The phone calls sipp, which stands where the PBX would (the phone's "server"). */
class OutgoingCallIT {

    private static final int PHONE = 6300;
    private static final int SIPP = 6350;

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
    void callsSippUasAndHangsUpCleanly() throws Exception {
        try (Sipp sipp = Sipp.start("outgoing-uas", "-sn uas", SIPP, SIPP + 10, "-rtp_echo")) {
            Call call = phone.dial("9000");
            assertThat(call.direction()).isEqualTo(Call.Direction.OUTGOING);

            // sipp's built-in uas sends 180 and 200 back to back: the 200 may overtake the 180 in
            // the stack, which then drops it. Ringing, if shown at all, comes before Answered.
            events.await(PhoneEvent.Answered.class);
            await().atMost(EventRecorder.WAIT).until(() -> call.mediaStats().packetsReceived() >= 10);
            java.util.List<PhoneEvent> seen = events.events();
            int answered = seen.indexOf(seen.stream()
                    .filter(PhoneEvent.Answered.class::isInstance)
                    .findFirst()
                    .orElseThrow());
            assertThat(seen.subList(answered, seen.size())).noneMatch(PhoneEvent.RemoteRinging.class::isInstance);
            assertThat(call.mediaStats().codec()).isEqualTo("PCMU");

            phone.hangup();
            assertThat(events.await(PhoneEvent.Ended.class).reason()).isEqualTo(EndReason.LOCAL_HANGUP);
            // the built-in uas lingers 4 s after the BYE before it exits
            assertThat(sipp.awaitExit(Duration.ofSeconds(10)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
    }

    @Test
    void authenticatesOn401ThenHoldsAndResumes() throws Exception {
        try (Sipp sipp = Sipp.start("outgoing-hold", "uas_auth_hold.xml", SIPP, SIPP + 10, "-rtp_echo")) {
            Call call = phone.dial("9001");
            events.await(PhoneEvent.Answered.class);
            await().atMost(EventRecorder.WAIT).until(() -> call.mediaStats().packetsReceived() >= 5);

            phone.hold();
            PhoneEvent.Held held = events.await(PhoneEvent.Held.class);
            assertThat(held.byRemote()).isFalse();
            assertThat(call.state()).isEqualTo(Call.State.HELD);

            phone.resume();
            assertThat(events.await(PhoneEvent.Resumed.class).byRemote()).isFalse();
            assertThat(call.state()).isEqualTo(Call.State.ACTIVE);
            long before = call.mediaStats().packetsSent();
            await().atMost(EventRecorder.WAIT).until(() -> call.mediaStats().packetsSent() > before + 5);

            phone.hangup();
            events.await(PhoneEvent.Ended.class);
            assertThat(sipp.awaitExit(Duration.ofSeconds(10)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
    }

    @Test
    void cancelsWhenHungUpBeforeAnswer() throws Exception {
        try (Sipp sipp = Sipp.start("outgoing-cancel", "uas_cancel.xml", SIPP, SIPP + 10)) {
            phone.dial("9002");
            events.await(PhoneEvent.RemoteRinging.class);

            phone.hangup();

            assertThat(events.await(PhoneEvent.Ended.class).reason()).isEqualTo(EndReason.LOCAL_CANCEL);
            assertThat(phone.currentCall()).isEmpty();
            assertThat(sipp.awaitExit(Duration.ofSeconds(10)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
    }
}
