package org.hotline.cti.app.auth;

import java.time.Instant;

/** A logged-in user's bearer token; {@code department} for department users (R13–R16), else null. */
public record Session(String token, String user, Role role, String extension, Instant expiresAt, String department) {

    public Session(String token, String user, Role role, String extension, Instant expiresAt) {
        this(token, user, role, extension, expiresAt, null);
    }

    @Override
    public String toString() {
        return "Session[" + user + ", " + role.wireName() + ", token=<masked>]";
    }
}
