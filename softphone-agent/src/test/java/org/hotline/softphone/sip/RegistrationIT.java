package org.hotline.softphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hotline.softphone.phone.PhoneEvent.RegistrationChanged;
import org.hotline.softphone.phone.RegistrationState;
import org.hotline.softphone.testing.EventRecorder;
import org.hotline.softphone.testing.Sipp;
import org.hotline.softphone.testing.TestPhones;
import org.junit.jupiter.api.Test;

/** REGISTER against sipp's registrar.xml: back-off after 503, 401 digest, refresh, unregister. */
class RegistrationIT {

    private static final int PHONE = 6100;
    private static final int SIPP = 6150;

    @Test
    void registersWithDigestRefreshesAndUnregisters() throws Exception {
        try (Sipp sipp = Sipp.start("registrar", "registrar.xml", SIPP, SIPP + 10);
                SipPhone phone = TestPhones.phone(TestPhones.config(PHONE, SIPP))) {
            EventRecorder events = new EventRecorder();
            phone.addListener(events);

            phone.register();

            events.await(
                    RegistrationChanged.class,
                    e -> e.state() == RegistrationState.FAILED && e.detail().startsWith("503"));
            events.await(
                    RegistrationChanged.class,
                    e -> e.state() == RegistrationState.REGISTERED && e.detail().contains("1s"));
            // sipp granted 1 s, so the phone must refresh (sipp challenges and verifies again)
            events.await(
                    RegistrationChanged.class,
                    e -> e.state() == RegistrationState.REGISTERED && e.detail().contains("300s"));

            phone.unregister();

            events.await(RegistrationChanged.class, e -> e.state() == RegistrationState.UNREGISTERED);
            assertThat(sipp.awaitExit(Duration.ofSeconds(5)))
                    .as(sipp::diagnostics)
                    .isZero();
        }
    }

    @Test
    void wrongPasswordIsRefusedAndReportedAsFailed() throws Exception {
        // The same registrar with a wrong password: proves sipp's verifyauth really checks the
        // digest, so the success above is not vacuous.
        SipPhoneConfig wrong = TestPhones.config(PHONE + 2, SIPP + 2);
        wrong = new SipPhoneConfig(
                wrong.server(),
                wrong.serverPort(),
                wrong.user(),
                "wrong",
                wrong.localIp(),
                wrong.localPort(),
                wrong.rtpPortMin(),
                wrong.rtpPortMax(),
                wrong.registerExpires(),
                wrong.retryMin(),
                wrong.retryMax());
        try (Sipp sipp = Sipp.start("registrar-wrong", "registrar.xml", SIPP + 2, SIPP + 12);
                SipPhone phone = TestPhones.phone(wrong)) {
            EventRecorder events = new EventRecorder();
            phone.addListener(events);

            phone.register();

            events.await(
                    RegistrationChanged.class,
                    e -> e.state() == RegistrationState.FAILED && e.detail().startsWith("403"));
            assertThat(phone.registrationState()).isEqualTo(RegistrationState.FAILED);
            assertThat(sipp.awaitExit(Duration.ofSeconds(5))).isNotZero();
        }
    }

    @Test
    void backOffDoublesUpToTheCap() {
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        assertThat(Registrar.backoff(0, min, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Registrar.backoff(1, min, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Registrar.backoff(5, min, max)).isEqualTo(Duration.ofSeconds(32));
        assertThat(Registrar.backoff(6, min, max)).isEqualTo(max);
        assertThat(Registrar.backoff(1000, min, max)).isEqualTo(max);
    }
}
