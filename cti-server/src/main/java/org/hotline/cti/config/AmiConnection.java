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
