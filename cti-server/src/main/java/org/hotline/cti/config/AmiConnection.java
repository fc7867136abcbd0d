package org.hotline.cti.config;

import java.time.Duration;

/**
 * The {@code ami:} connection keys as written in cti.yaml; boot turns them into the AMI adapter's
 * settings. Checked here too so a bad value is refused at load with file and key.
 *
 * @param events the AMI event classes to receive; null: the AMI adapter's default
 */
public record AmiConnection(
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
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5038;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(10);

    public AmiConnection {
        if (keepAlive.toMillis() < 500) {
            throw new IllegalArgumentException("ami.keepAlive cannot be less than 500 ms");
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("ami.reconnectMax cannot be less than ami.reconnectMin");
        }
    }

    /** The secret never reaches a log. */
    @Override
    public String toString() {
        return "AmiConnection[" + username + "@" + host + ":" + port + ", secret=<masked>, events=" + events + "]";
    }
}
