package org.hotline.cti.app.auth;

/**
 * A user who may log in. {@code extension} is the agent's phone extension (may be null);
 * {@code department} the department code a {@link Role#DEPARTMENT} user acts for (null otherwise).
 * The password is only ever kept hashed ({@link PasswordHash}).
 */
public record User(String name, Role role, String extension, String passwordHash, String department) {

    public User(String name, Role role, String extension, String passwordHash) {
        this(name, role, extension, passwordHash, null);
    }

    @Override
    public String toString() {
        return "User[" + name + ", " + role.wireName() + (department == null ? "" : ", " + department)
                + ", passwordHash=<masked>]";
    }
}
