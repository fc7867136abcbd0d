package org.hotline.cti.app.auth;

import java.util.Locale;

/** What a user may do: agents take calls, supervisors watch and call back, admins load dialplans. */
public enum Role {
    AGENT, SUPERVISOR, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** Admins may do what supervisors may, supervisors what agents may. */
    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }
}
