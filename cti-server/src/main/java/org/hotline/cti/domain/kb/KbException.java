package org.hotline.cti.domain.kb;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/** A knowledge-base request that cannot be taken, with a stable id for clients. */
public final class KbException extends CtiException {
    private static final long serialVersionUID = 1L;

    public KbException(ErrorId code, String message) {
        super(code, message);
    }
}
