package org.hotline.cti.app.auth;

import java.time.Instant;

/** A logged-in user's bearer token. */
public record Session(String token, String user, Role role, String extension, Instant expiresAt) {
    @Override
    public String toString() {
        return "Session[" + user + ", " + role.wireName() + ", token=<masked>]";
    }
}
