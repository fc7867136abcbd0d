package org.hotline.cti.domain.callback;

import java.util.Locale;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/** What the supervisor recorded after a call-back attempt (R11: the result told to the caller). */
public enum CallbackResult {
    /** The caller was reached and told the result: closes the callback. */
    REACHED,
    /** Nobody answered: the callback stays open for another try. */
    NO_ANSWER,
    /** The number is not the caller's (or not reachable at all): closes it, flagged. */
    WRONG_NUMBER,
    /** Closed because the caller called again and an agent answered (not a supervisor's result). */
    ANSWERED_AGAIN,
    /**
     * Closed by the CTI: the only "miss" was a call that ended while the CTI was blind, and the
     * PBX's records show an agent answered it (not a supervisor's result).
     */
    NOT_MISSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A result a supervisor may post: reached, no-answer or wrong-number; else {@code bad-result}. */
    public static CallbackResult fromSupervisor(String wire) {
        for (CallbackResult r : values()) {
            if (r != ANSWERED_AGAIN && r != NOT_MISSED && r.wireName().equals(wire)) {
                return r;
            }
        }
        throw new CtiException(
                ErrorId.BAD_RESULT, "result must be reached, no-answer or wrong-number, got '" + wire + "'");
    }

    public static CallbackResult fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
