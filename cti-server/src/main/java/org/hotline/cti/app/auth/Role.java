package org.hotline.cti.app.auth;

import java.util.Locale;

/**
 * What a user may do: departments act on their own work orders only (R13–R16), agents take calls,
 * supervisors watch and call back, admins load dialplans.
 */
public enum Role {
    // Order matters: each role may do what the ones before it may. A department user passes only
    // routes open to every role (work orders); the work-order service then limits it to its own.
    DEPARTMENT,
    AGENT,
    SUPERVISOR,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** Admins may do what supervisors may, supervisors what agents may, agents what departments may. */
    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }
}
