package org.hotline.cti;

import java.util.Objects;

/**
 * The module's one unchecked exception. Every error a client can see carries a stable kebab-case
 * {@link #id()} ({@code unknown-matter}, {@code threeway-budget-exhausted}) and a readable message.
 */
public class CtiException extends RuntimeException {

    private final String id;

    public CtiException(String id, String message) {
        super(message);
        this.id = Objects.requireNonNull(id, "id");
    }

    public CtiException(String id, String message, Throwable cause) {
        super(message, cause);
        this.id = Objects.requireNonNull(id, "id");
    }

    /** Stable kebab-case error id, safe to match on in scripts and tests. */
    public String id() {
        return id;
    }
}
