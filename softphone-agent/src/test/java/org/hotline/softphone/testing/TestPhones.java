package org.hotline.softphone.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.sip.SipPhone;
import org.hotline.softphone.sip.SipPhoneConfig;

/** Phones for tests: on 127.0.0.9, RTP on the ten ports above the SIP port, a 440 Hz tone. */
public final class TestPhones {

    private TestPhones() {}

    public static SipPhoneConfig config(int sipPort, int serverPort) {
        return SipPhoneConfig.of(Sipp.IP, serverPort, "8001", "agent8001", Sipp.IP, sipPort)
                .withRtpPorts(sipPort + 10, sipPort + 19)
                .withRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    public static SipPhone phone(SipPhoneConfig config) throws UnknownHostException {
        return new SipPhone(
                config,
                MediaFactory.create(
                        InetAddress.getByName(Sipp.IP),
                        config.rtpPortMin(),
                        config.rtpPortMax(),
                        MediaFactory.AudioMode.TONE));
    }
}
