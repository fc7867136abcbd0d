package org.hotline.cti.domain.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 11 (R11): a call the PBX hung up because it stopped is not a caller who gave up. */
class CallPbxRestartTest {
    private static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");

    private static Call queued() {
        Call c = new Call("1.1", "13800000001", "12345", T0);
        c.apply(new CallEvent.Queued("1.1", T0.plusSeconds(1), "enterprise-desk", 1));
        return c;
    }

    @Test
    void aQueuedCallEndedByThePbxStoppingIsMissedWithReasonPbxRestartNotCallerHangup() {
        Call c = queued();
        // The order Asterisk 22 sends on `core restart now`: SoftHangupRequest (cause 4), QueueCallerAbandon, Hangup.
        assertThat(c.apply(new CallEvent.PbxStopping("1.1", T0.plusSeconds(5))))
                .get()
                .satisfies(t -> assertThat(t.kind()).isEqualTo("pbx-stopping"));
        assertThat(c.apply(new CallEvent.Abandoned("1.1", T0.plusSeconds(5), 1, 4)))
                .isEmpty();
        assertThat(c.apply(new CallEvent.QueueExited("1.1", T0.plusSeconds(5), "LEAVEEMPTY")))
                .isEmpty();
        c.apply(new CallEvent.Ended("1.1", T0.plusSeconds(5), 16, "Normal Clearing"));
        assertThat(c.missedReason()).isEqualTo("pbx-restart");
        assertThat(c.outcome()).isEqualTo(CallOutcome.ABANDONED);
    }

    @Test
    void aCallerWhoHangsUpIsStillCallerHangup() {
        Call c = queued();
        c.apply(new CallEvent.Abandoned("1.1", T0.plusSeconds(5), 1, 4));
        c.apply(new CallEvent.Ended("1.1", T0.plusSeconds(5), 16, "Normal Clearing"));
        assertThat(c.missedReason()).isEqualTo("caller-hangup");
    }

    @Test
    void anAnsweredCallStaysAnsweredAndATimedOutOneKeepsItsReason() {
        Call talking = queued();
        talking.apply(new CallEvent.Answered("1.1", T0.plusSeconds(3), "8101"));
        talking.apply(new CallEvent.PbxStopping("1.1", T0.plusSeconds(9)));
        talking.apply(new CallEvent.Ended("1.1", T0.plusSeconds(9), 16, ""));
        assertThat(talking.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(talking.missedReason()).isNull();

        Call timedOut = queued();
        timedOut.apply(new CallEvent.QueueExited("1.1", T0.plusSeconds(60), "TIMEOUT"));
        timedOut.apply(new CallEvent.PbxStopping("1.1", T0.plusSeconds(61)));
        assertThat(timedOut.missedReason()).isEqualTo("queue-timeout");
    }
}
