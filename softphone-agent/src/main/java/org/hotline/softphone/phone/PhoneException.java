package org.hotline.softphone.phone;

/** The softphone's one unchecked exception; {@link #id()} is stable and kebab-case. */
public class PhoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String id;

    public PhoneException(String id, String message) {
        this(id, message, null);
    }

    public PhoneException(String id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
