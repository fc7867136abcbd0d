package org.hotline.softphone.sip;

import java.time.Duration;

/**
 * Settings of one SIP phone. Validated on construction so a typo fails at start, not at the
 * first call; {@link #toString()} masks the password.
 *
 * @param server         registrar/proxy host, e.g. 127.0.0.1
 * @param serverPort     registrar/proxy UDP port, e.g. 5060
 * @param user           extension, also the digest user name
 * @param password       digest password; never logged
 * @param localIp        address to bind and to advertise in Via/Contact/SDP
 * @param localPort      SIP UDP port to bind
 * @param rtpPortMin     first port of the RTP range (inclusive)
 * @param rtpPortMax     last port of the RTP range (inclusive)
 * @param registerExpires the Expires we ask the registrar for
 * @param retryMin       first back-off after a failed registration
 * @param retryMax       cap of the doubling back-off
 */
public record SipPhoneConfig(
        String server,
        int serverPort,
        String user,
        String password,
        String localIp,
        int localPort,
        int rtpPortMin,
        int rtpPortMax,
        Duration registerExpires,
        Duration retryMin,
        Duration retryMax) {

    public static final int DEFAULT_SERVER_PORT = 5060;
    public static final String DEFAULT_LOCAL_IP = "127.0.0.1";
    public static final int DEFAULT_LOCAL_PORT = 5070;
    public static final int DEFAULT_RTP_PORT_MIN = 16384;
    public static final int DEFAULT_RTP_PORT_MAX = 16999;
    public static final Duration DEFAULT_REGISTER_EXPIRES = Duration.ofSeconds(300);
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(60);

    public SipPhoneConfig {
        require(server != null && !server.isBlank(), "server must be set");
        require(user != null && !user.isBlank(), "user must be set");
        require(password != null, "password must be set (may be empty)");
        require(localIp != null && !localIp.isBlank(), "local-ip must be set");
        requirePort(serverPort, "server port");
        requirePort(localPort, "local-port");
        requirePort(rtpPortMin, "rtp port min");
        requirePort(rtpPortMax, "rtp port max");
        require(rtpPortMin < rtpPortMax, "rtp port range must hold at least two ports");
        require(registerExpires.toSeconds() >= 10, "register expires cannot be less than 10s");
        require(!retryMin.isNegative() && !retryMin.isZero(), "retry min must be positive");
        require(retryMax.compareTo(retryMin) >= 0, "retry max cannot be less than retry min");
    }

    /** The usual settings for an agent extension; everything else at its default. */
    public static SipPhoneConfig of(
            String server, int serverPort, String user, String password, String localIp, int localPort) {
        return new SipPhoneConfig(
                server,
                serverPort,
                user,
                password,
                localIp,
                localPort,
                DEFAULT_RTP_PORT_MIN,
                DEFAULT_RTP_PORT_MAX,
                DEFAULT_REGISTER_EXPIRES,
                DEFAULT_RETRY_MIN,
                DEFAULT_RETRY_MAX);
    }

    public SipPhoneConfig withRtpPorts(int min, int max) {
        return new SipPhoneConfig(
                server, serverPort, user, password, localIp, localPort, min, max, registerExpires, retryMin, retryMax);
    }

    public SipPhoneConfig withRegisterExpires(Duration expires) {
        return new SipPhoneConfig(
                server,
                serverPort,
                user,
                password,
                localIp,
                localPort,
                rtpPortMin,
                rtpPortMax,
                expires,
                retryMin,
                retryMax);
    }

    public SipPhoneConfig withRetry(Duration min, Duration max) {
        return new SipPhoneConfig(
                server,
                serverPort,
                user,
                password,
                localIp,
                localPort,
                rtpPortMin,
                rtpPortMax,
                registerExpires,
                min,
                max);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requirePort(int port, String name) {
        require(port > 0 && port < 65536, name + " must be 1-65535, was " + port);
    }

    @Override
    public String toString() {
        return "SipPhoneConfig[server=" + server + ":" + serverPort + ", user=" + user
                + ", password=<masked>, local=" + localIp + ":" + localPort + ", rtp="
                + rtpPortMin + "-" + rtpPortMax + ", expires=" + registerExpires + "]";
    }
}
