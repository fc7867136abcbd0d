package org.hotline.cti.app;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * The checks the command records (TransferRequest, WrapUpRequest, CreateWorkOrderRequest) share, so
 * a missing field reads the same on the agent socket and the HTTP API.
 */
public final class Fields {
    private Fields() {}

    /** {@code value}, or {@code missing-field} naming {@code field} when it is absent or blank. */
    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new CtiException(
                    ErrorId.MISSING_FIELD, "field '" + field + "' is required and must be a non-empty string");
        }
        return value;
    }
}
