package org.hotline.cti;

/**
 * The module's one unchecked exception. Every error a client can see carries a stable kebab-case
 * id from {@link ErrorId} (e.g. {@code unknown-matter}) besides its human-readable message.
 */
public class CtiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorId error;
    /** The wire id, also kept as a field: tests read it by name ({@code extracting("id")}). */
    private final String id;

    private transient Object details;

    public CtiException(ErrorId error, String message) {
        super(message);
        this.error = error;
        this.id = error.id();
    }

    public CtiException(ErrorId error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.id = error.id();
    }

    /** The stable kebab-case id, as the client sees it. */
    public String id() {
        return id;
    }

    /** The id's entry in the one table of errors, with its HTTP status. */
    public ErrorId error() {
        return error;
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
