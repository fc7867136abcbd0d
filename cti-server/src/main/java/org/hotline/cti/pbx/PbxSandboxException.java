package org.hotline.cti.pbx;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * A sandbox operation failed. {@link #id()} is a stable kebab-case id for scripts and tests;
 * the message says what to do about it.
 */
public final class PbxSandboxException extends CtiException {
    private static final long serialVersionUID = 1L;

    PbxSandboxException(ErrorId id, String message) {
        super(id, message);
    }
}
