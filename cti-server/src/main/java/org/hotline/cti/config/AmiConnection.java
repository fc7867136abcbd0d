package org.hotline.cti.config;

import java.nio.file.Path;
import java.time.Duration;
import org.hotline.cti.domain.call.ExtensionRanges;

/**
 * One Asterisk node's {@code ami:} connection keys as written in cti.yaml (the single-node form,
 * or one item of {@code ami.nodes}); boot turns them into the AMI adapter's settings. Checked here
 * too so a bad value is refused at load with file and key.
 *
 * @param name   the node's name, shown with each of its calls (issue 14 item 6)
 * @param events the AMI event classes to receive; null: the AMI adapter's default
 * @param agents the agent extensions whose phones and queue membership live on this node
 * @param celFile the node's CEL file (cel_custom's Master.csv) as this server sees it, for R11
 *     recovery; null: the first node takes {@code callbacks.celFile} (else the sandbox's), another
 *     node has none and its blind spells cannot be recovered
 * @param dialplanDir the node's dialplan directory for {@code dialplan load}; null: the first node
 *     takes {@code pbx.dialplanDir}, another node cannot be loaded
 */
public record AmiConnection(
        String name,
        String host,
        int port,
        String username,
        String secret,
        String events,
        Duration keepAlive,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration connectTimeout,
        Duration actionTimeout,
        ExtensionRanges agents,
        Path celFile,
        Path dialplanDir) {
    /** The single node's name, and the first node's when nodes are listed without names. */
    public static final String DEFAULT_NAME = "pbx1";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5038;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(10);

    public AmiConnection {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException(
                    "name must be 1-16 of a-z, 0-9 and '-', starting with a letter, was '" + name + "'");
        }
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
        return "AmiConnection[" + name + ": " + username + "@" + host + ":" + port + ", secret=<masked>, events="
                + events + ", agents=" + agents + (celFile == null ? "" : ", celFile=" + celFile)
                + (dialplanDir == null ? "" : ", dialplanDir=" + dialplanDir) + "]";
    }
}
