package org.hotline.cti.domain.transfer;

import java.time.Duration;
import java.util.Objects;

/** One number to ring for a three-way transfer, for how long, and who it is (for the agent's screen). */
public record RingTarget(String number, String label, Duration ringTimeout) {

    public RingTarget {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
    }
}
