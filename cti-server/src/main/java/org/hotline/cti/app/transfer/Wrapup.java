package org.hotline.cti.app.transfer;

import java.time.Instant;
import java.util.Set;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * An agent's closing note on a call; {@code resolution} feeds the direct-resolution rate (R12):
 * {@code unanswered} (未能解答) is a call the knowledge base could not answer, whose question goes
 * to its department (R9); it counts as wrapped up, not as answered directly.
 * {@code enterprise} is the enterprise's name as the caller gave it (null when not asked): the
 * next call from the same number shows it in the agent's screen pop.
 */
public record Wrapup(
        String callId, String agent, String matter, String resolution, String note, String enterprise, Instant at) {
    public static final Set<String> RESOLUTIONS = Set.of("direct", "transferred", "work-order", "unanswered");
    public static final String UNANSWERED = "unanswered";
    public static final int ENTERPRISE_MAX = 100;

    public Wrapup {
        requireResolution(resolution);
        enterprise = enterprise(enterprise);
    }

    /** {@code bad-resolution} unless it is one of {@link #RESOLUTIONS}. */
    static void requireResolution(String resolution) {
        if (!RESOLUTIONS.contains(resolution)) {
            throw new CtiException(
                    ErrorId.BAD_RESOLUTION,
                    "resolution must be direct, transferred, work-order or unanswered, was '" + resolution + "'");
        }
    }

    /** The name stripped, null when blank; {@code bad-enterprise} when longer than {@link #ENTERPRISE_MAX}. */
    static String enterprise(String enterprise) {
        String e = enterprise == null || enterprise.isBlank() ? null : enterprise.strip();
        if (e != null && e.codePointCount(0, e.length()) > ENTERPRISE_MAX) {
            throw new CtiException(
                    ErrorId.BAD_ENTERPRISE, "enterprise name is longer than " + ENTERPRISE_MAX + " characters");
        }
        return e;
    }

    public Wrapup(String callId, String agent, String matter, String resolution, String note, Instant at) {
        this(callId, agent, matter, resolution, note, null, at);
    }
}
