package org.hotline.softphone.phone;

import java.time.Instant;

/** A read-only view of one call; live, so its state and media counters change over time. */
public interface Call {

    enum Direction {
        INCOMING,
        OUTGOING
    }

    enum State {
        DIALLING,
        RINGING,
        ACTIVE,
        HELD,
        ENDED
    }

    /** Stable id for logs and scripts (the SIP Call-ID in the SIP implementation). */
    String id();

    Direction direction();

    /** The other party's number (user part of the remote URI). */
    String remoteNumber();

    /** The other party's display name, or empty. */
    String remoteName();

    State state();

    Instant startedAt();

    /** Counters of the media stream; all zero before media starts. */
    MediaStats mediaStats();
}
