package org.hotline.cti.app.auth;

/**
 * A user who may log in. {@code extension} is the agent's phone extension (may be null).
 * The password is only ever kept hashed ({@link PasswordHash}).
 */
public record User(String name, Role role, String extension, String passwordHash) {
    @Override
    public String toString() {
        return "User[" + name + ", " + role.wireName() + ", passwordHash=<masked>]";
    }
}
