package org.hotline.cti.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code callbacks:} section of cti.yaml (R11).
 *
 * @param celFile               cel_custom's Master.csv as this server sees it (in production a path on the PBX
 *                              host or a shared mount); null when not set: boot takes the sandbox chroot's
 * @param hotlineNumbers        numbers enterprises dial: a failed call to one of them is a miss too
 * @param supervisorRingTimeout how long the supervisor's phone rings on click-to-call
 * @param dialContext           the dialplan context that dials the enterprise once the supervisor answers
 */
public record CallbackConfig(
        Path celFile, Set<String> hotlineNumbers, Duration supervisorRingTimeout, String dialContext) {

    public static final Set<String> DEFAULT_HOTLINE_NUMBERS = Set.of("12345");
    public static final Duration DEFAULT_SUPERVISOR_RING_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_DIAL_CONTEXT = "callback";

    /** Defaults: the sandbox's CEL file, hotline 12345, ring 30 s, context {@code callback}. */
    public static CallbackConfig defaults() {
        return new CallbackConfig(null, DEFAULT_HOTLINE_NUMBERS, DEFAULT_SUPERVISOR_RING_TIMEOUT, DEFAULT_DIAL_CONTEXT);
    }

    static CallbackConfig from(ConfigNode root) {
        if (!root.has("callbacks")) {
            return defaults();
        }
        ConfigNode c = root.child("callbacks");
        String cel = c.text("celFile", null);
        Duration ring = c.duration("supervisorRingTimeout", DEFAULT_SUPERVISOR_RING_TIMEOUT);
        if (ring.isNegative() || ring.isZero()) {
            c.problem("supervisorRingTimeout", "must be positive, e.g. 30 seconds");
        }
        List<String> numbers = c.strings("hotlineNumbers", List.copyOf(DEFAULT_HOTLINE_NUMBERS));
        return new CallbackConfig(
                cel == null ? null : Path.of(cel),
                Set.copyOf(numbers),
                ring,
                c.text("dialContext", DEFAULT_DIAL_CONTEXT));
    }
}
