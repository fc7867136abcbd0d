package org.hotline.cti.domain.transfer;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/** R10: a duty supervisor lets a three-way call through past the day's budget; the reason is logged. */
public record SupervisorOverride(String supervisor, String reason) {

    public static final ErrorId REASON_REQUIRED = ErrorId.OVERRIDE_REASON_REQUIRED;

    public SupervisorOverride {
        if (supervisor == null || supervisor.isBlank()) {
            throw new CtiException(REASON_REQUIRED, "an override needs the supervisor who gives it");
        }
        if (reason == null || reason.isBlank()) {
            throw new CtiException(REASON_REQUIRED, "an override of the three-way budget needs a reason (R10)");
        }
        supervisor = supervisor.strip();
        reason = reason.strip();
    }
}
