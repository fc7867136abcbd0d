package org.hotline.cti.pbx;

/**
 * A sandbox operation failed. {@link #id()} is a stable kebab-case id for scripts and tests;
 * the message says what to do about it.
 */
public final class PbxSandboxException extends RuntimeException {
    private final String id;

    PbxSandboxException(String id, String message) {
        super(message);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
