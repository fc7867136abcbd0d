package org.hotline.cti.pbx;

import java.util.Optional;

/** Whether the sandbox Asterisk answers on its control socket, and its version if so. */
public record SandboxStatus(boolean running, Optional<String> asteriskVersion) {

    static SandboxStatus stopped() {
        return new SandboxStatus(false, Optional.empty());
    }

    static SandboxStatus running(String version) {
        return new SandboxStatus(true, Optional.of(version));
    }
}
