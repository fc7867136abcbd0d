package org.hotline.cti.domain.transfer;

import java.time.Instant;

/** What the telephony adapter must do after a transition; the domain never does I/O itself. */
public sealed interface TransferCommand {

    /** Originate the specialist leg to {@code target} into the conference; {@code ordinal} counts from 1. */
    record RingNext(RingTarget target, int ordinal) implements TransferCommand {}

    /** Stop ringing {@code target} (the caller left while it rang). */
    record CancelRing(RingTarget target) implements TransferCommand {}

    /**
     * R13: the transfer failed; create a work order to the department with the matter, the caller's
     * number and the cause, dispatched by {@code dispatchBy} (5 minutes). Caller and agent stay connected.
     */
    record CreateWorkOrder(
            String departmentCode, String matterCode, String callerNumber, FailureCause cause, Instant dispatchBy)
            implements TransferCommand {}
}
