package org.hotline.cti.app.transfer;

import java.time.Instant;
import java.util.Objects;

/**
 * The enterprise name an agent recorded at the wrap-up of a call from {@code caller}, with the
 * wrap-up it came from ({@code callId}, {@code agent}: a wrap-up is replaced by the same agent's
 * next one for that call) and when.
 */
public record RecordedEnterprise(String caller, String enterprise, String callId, String agent, Instant at) {
    public RecordedEnterprise {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(at, "at");
    }

    /** Whether {@code w} replaces the wrap-up this name came from. */
    public boolean from(Wrapup w) {
        return callId.equals(w.callId()) && Objects.equals(agent, w.agent());
    }
}
