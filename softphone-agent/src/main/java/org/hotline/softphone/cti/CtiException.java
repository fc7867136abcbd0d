package org.hotline.softphone.cti;

import java.util.Map;

/**
 * A failed CTI request, with the server's stable error id ({@code code}) and its message, which
 * for {@code not-three-way} is the knowledge-base answer (R3). Client-side ids:
 * {@code cti-timeout}, {@code cti-disconnected}, {@code not-logged-in}, {@code cti-protocol},
 * {@code http-error}.
 */
public final class CtiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient Map<String, Object> details;

    public CtiException(String code, String message) {
        this(code, message, Map.of());
    }

    public CtiException(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** The CtiException inside a future's CompletionException, or a generic one. */
    public static CtiException of(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof CtiException e) {
                return e;
            }
            c = c.getCause();
        }
        return new CtiException("cti-error", String.valueOf(t));
    }
}
