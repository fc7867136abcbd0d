package org.hotline.cti.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach Asterisk's manager interface.
 *
 * @param events the AMI event classes to receive; the default leaves out {@code dialplan}
 *               (VarSet, Newexten: ~60% of a busy PBX's events) which the call model never needs.
 */
public record AmiSettings(
        String host,
        int port,
        String username,
        String secret,
        String events,
        Duration keepAlive,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration connectTimeout,
        Duration actionTimeout) {
    /** The event classes the CTI follows (config/asterisk/manager.conf grants it exactly these to read). */
    public static final String DEFAULT_EVENTS = "call,agent,user";

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ami.port must be 1..65535, was " + port);
        }
        if (keepAlive.toMillis() < 500) {
            throw new IllegalArgumentException("ami.keepAlive cannot be less than 500 ms");
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("ami.reconnectMax cannot be less than ami.reconnectMin");
        }
    }

    public static AmiSettings of(String host, int port, String username, String secret) {
        return new AmiSettings(
                host,
                port,
                username,
                secret,
                DEFAULT_EVENTS,
                Duration.ofSeconds(10),
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "AmiSettings[" + username + "@" + host + ":" + port + ", secret=<masked>, events=" + events + "]";
    }
}
