package org.hotline.cti.app.transfer;

import org.hotline.cti.CtiException;

import java.time.Instant;
import java.util.Set;

/** An agent's closing note on a call; {@code resolution} feeds the direct-resolution rate (R12). */
public record Wrapup(String callId, String agent, String matter, String resolution, String note, Instant at) {
    public static final Set<String> RESOLUTIONS = Set.of("direct", "transferred", "work-order");

    public Wrapup {
        if (!RESOLUTIONS.contains(resolution)) {
            throw new CtiException("bad-resolution", "resolution must be direct, transferred or work-order, was '" + resolution + "'");
        }
    }
}
