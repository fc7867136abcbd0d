package org.hotline.cti;

/**
 * The module's one unchecked exception. Every error a client can see carries a stable kebab-case
 * {@code id} (e.g. {@code unknown-matter}) besides its human-readable message.
 */
public class CtiException extends RuntimeException {
    private final String id;
    private transient Object details;

    public CtiException(String id, String message) {
        super(message);
        this.id = id;
    }

    public CtiException(String id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Extra machine-readable facts for the client (e.g. the work order an off-hours request became). */
    public Object details() {
        return details;
    }

    public CtiException withDetails(Object details) {
        this.details = details;
        return this;
    }
}
