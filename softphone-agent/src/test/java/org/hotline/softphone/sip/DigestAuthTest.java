package org.hotline.softphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestAuthTest {

    @Test
    void matchesTheRfc2617WorkedExample() {
        // RFC 2617 section 3.5
        String response = DigestAuth.response(
                "Mufasa",
                "testrealm@host.com",
                "Circle Of Life",
                "GET",
                "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "auth",
                "00000001",
                "0a4f113b");
        assertThat(response).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void withoutQopUsesTheRfc2069Form() {
        String ha1 = DigestAuth.md5("8001:asterisk:agent8001");
        String ha2 = DigestAuth.md5("REGISTER:sip:127.0.0.1");
        assertThat(DigestAuth.response(
                        "8001", "asterisk", "agent8001", "REGISTER", "sip:127.0.0.1", "abc", null, null, null))
                .isEqualTo(DigestAuth.md5(ha1 + ":abc:" + ha2));
    }

    @Test
    void choosesAuthFromTheOfferedQops() {
        assertThat(DigestAuth.chooseQop("auth,auth-int")).isEqualTo("auth");
        assertThat(DigestAuth.chooseQop("auth-int, auth")).isEqualTo("auth");
        assertThat(DigestAuth.chooseQop("auth-int")).isNull();
        assertThat(DigestAuth.chooseQop(null)).isNull();
    }
}
