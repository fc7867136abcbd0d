package org.hotline.cti.domain.callback;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a missed-call callback stands (R11): waiting for the duty supervisor, being dialled right
 * now, done with the caller reached, or closed for another reason (wrong number, the caller called
 * again and was answered).
 */
public enum CallbackStatus {
    PENDING,
    DIALLING,
    REACHED,
    CLOSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Still the supervisor's to do: counts as pending in stats and can become overdue. */
    public boolean open() {
        return this == PENDING || this == DIALLING;
    }

    /** Every state that is {@link #open()}: the supervisor's list, and what caller recognition looks for. */
    public static Set<CallbackStatus> openStates() {
        EnumSet<CallbackStatus> open = EnumSet.noneOf(CallbackStatus.class);
        for (CallbackStatus s : values()) {
            if (s.open()) {
                open.add(s);
            }
        }
        return open;
    }
}
