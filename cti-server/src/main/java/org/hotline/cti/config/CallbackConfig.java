package org.hotline.cti.config;

import org.hotline.cti.pbx.SandboxPaths;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code callbacks:} section of cti.yaml (R11).
 *
 * @param celFile               cel_custom's Master.csv as this server sees it (the sandbox chroot's by
 *                              default; in production a path on the PBX host or a shared mount)
 * @param hotlineNumbers        numbers enterprises dial: a failed call to one of them is a miss too
 * @param supervisorRingTimeout how long the supervisor's phone rings on click-to-call
 * @param dialContext           the dialplan context that dials the enterprise once the supervisor answers
 */
public record CallbackConfig(Path celFile, Set<String> hotlineNumbers, Duration supervisorRingTimeout, String dialContext) {

    public static final String DEFAULT_CEL = "/var/log/asterisk/cel-custom/Master.csv";

    /** Defaults: the sandbox's CEL file, hotline 12345, ring 30 s, context {@code callback}. */
    public static CallbackConfig defaults(Map<String, String> env) {
        return new CallbackConfig(sandboxCel(env), Set.of("12345"), Duration.ofSeconds(30), "callback");
    }

    static CallbackConfig from(ConfigNode root, Map<String, String> env) {
        CallbackConfig d = defaults(env);
        if (!root.has("callbacks")) {
            return d;
        }
        ConfigNode c = root.child("callbacks");
        String cel = c.text("celFile", d.celFile().toString());
        Duration ring = c.duration("supervisorRingTimeout", d.supervisorRingTimeout());
        if (ring.isNegative() || ring.isZero()) {
            throw c.error("supervisorRingTimeout", "must be positive, e.g. 30 seconds");
        }
        List<String> numbers = c.strings("hotlineNumbers", List.copyOf(d.hotlineNumbers()));
        return new CallbackConfig(Path.of(cel), Set.copyOf(numbers), ring, c.text("dialContext", d.dialContext()));
    }

    private static Path sandboxCel(Map<String, String> env) {
        Path chroot = SandboxPaths.defaults(env, Path.of("")).chrootDir();
        return chroot.resolve(DEFAULT_CEL.substring(1));
    }
}
