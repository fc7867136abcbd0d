package org.hotline.cti.boot;

import org.hotline.cti.ami.AmiSettings;
import org.hotline.cti.config.AmiConnection;
import org.hotline.cti.config.CallbackConfig;
import org.hotline.cti.pbx.SandboxPaths;

import java.nio.file.Path;
import java.util.Map;

/** Translates what cti.yaml says into each adapter's own settings, so adapters never read each other's types. */
final class AdapterSettings {
    private AdapterSettings() {
    }

    static AmiSettings ami(AmiConnection c) {
        return new AmiSettings(c.host(), c.port(), c.username(), c.secret(), c.events() == null ? AmiSettings.DEFAULT_EVENTS : c.events(),
                c.keepAlive(), c.reconnectMin(), c.reconnectMax(), c.connectTimeout(), c.actionTimeout());
    }

    /** R11: the configured CEL file, else the sandbox chroot's (the process runs from the repository root). */
    static Path celFile(CallbackConfig c, Map<String, String> env) {
        return c.celFile() != null ? c.celFile() : SandboxPaths.defaults(env, Path.of("")).celFile();
    }
}
