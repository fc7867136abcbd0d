package org.hotline.cti.config;

import java.nio.file.Path;

/**
 * The {@code pbx:} section: where the PBX reads its dialplan ({@code /etc/asterisk} on a
 * production PBX host; the sandbox chroot's {@code /etc/asterisk} for the demo and tests). The
 * server must be able to write there for {@code dialplan load}.
 */
public record DialplanConfig(Path dialplanDir) {
    public static final Path DEFAULT_DIR = Path.of("/etc/asterisk");

    static DialplanConfig from(ConfigNode n) {
        return new DialplanConfig(Path.of(n.text("dialplanDir", DEFAULT_DIR.toString())));
    }
}
