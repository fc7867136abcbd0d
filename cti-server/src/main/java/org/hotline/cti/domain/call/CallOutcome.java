package org.hotline.cti.domain.call;

import java.util.Locale;

/** How an enterprise call ended, as reported and counted. */
public enum CallOutcome {
    /** An agent answered. */
    ANSWERED,
    /** The caller gave up or timed out in the queue, or no agent was there: a missed call (R11). */
    ABANDONED,
    /** The desk was closed (R2): a missed call to call back (R11). */
    AFTER_HOURS,
    /** The call never reached the queue (wrong number, dialplan or PBX failure). */
    FAILED;

    /** The wire name: {@code answered}, {@code abandoned}, {@code after-hours}, {@code failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static CallOutcome fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean missed() {
        return this == ABANDONED || this == AFTER_HOURS;
    }
}
