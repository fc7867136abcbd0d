package org.hotline.cti.domain.transfer;

/** Why a specialist leg, or the whole attempt, failed; {@link #id()} is the stable kebab-case name. */
public enum FailureCause {
    NO_ANSWER("no-answer", false),
    BUSY("busy", false),
    CONGESTION("congestion", false),
    UNAVAILABLE("unavailable", false),
    REJECTED("rejected", false),
    /** The whole attempt ran out of time: no further target is tried. */
    TIMEOUT("timeout", true),
    /** The enterprise hung up: nothing left to transfer. */
    CALLER_GONE("caller-gone", true),
    /** The CTI was stopped while the attempt was in progress and the specialist was not in the room when it came back. */
    SERVER_RESTART("server-restart", true);

    private final String id;
    private final boolean endsAttempt;

    FailureCause(String id, boolean endsAttempt) {
        this.id = id;
        this.endsAttempt = endsAttempt;
    }

    public String id() {
        return id;
    }

    /** False for causes tied to one target: the next target is rung instead. */
    public boolean endsAttempt() {
        return endsAttempt;
    }

    public static FailureCause fromId(String id) {
        for (FailureCause c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown failure cause '" + id + "'");
    }
}
