package org.hotline.cti.domain.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** R11: what the PBX recorded replaces the resync's guess for a call that ended while the CTI was blind. */
class CallCorrectionTest {
    private static final Instant T = Instant.parse("2026-11-27T02:00:00Z");

    private static Call queued(String id) {
        Call c = new Call(id, "13900000001", "12345", T);
        c.apply(new CallEvent.Queued(id, T.plusMillis(5), "enterprise-desk", 1));
        return c;
    }

    private static CallRecord fromPbxAnswered(String id, String agent) {
        Call c = queued(id);
        c.apply(new CallEvent.Answered(id, T.plusSeconds(8), agent));
        c.apply(new CallEvent.Ended(id, T.plusSeconds(40), 16, "recovered from the PBX's CEL"));
        return CallRecord.of(c);
    }

    @Test
    void aCallThatEndedWhileTheCtiWatchedIsNeverRewritten() {
        Call live = queued("c1");
        live.apply(new CallEvent.Abandoned("c1", T.plusSeconds(9), 1, 9));
        live.apply(new CallEvent.Ended("c1", T.plusSeconds(9), 127, "Interworking"));
        assertThat(CallCorrection.correct(CallRecord.of(live), fromPbxAnswered("c1", "8101")))
                .isEmpty();
    }

    @Test
    void aCallAnsweredBeforeTheCtiWentBlindKeepsItsAgentAndTakesTheRealEnd() {
        Call known = queued("c2");
        known.apply(new CallEvent.Answered("c2", T.plusSeconds(8), "8102"));
        known.endUnseen(T.plusSeconds(300), Call.ENDED_UNSEEN);
        CallRecord before = CallRecord.of(known);
        assertThat(before.outcome()).isEqualTo(CallOutcome.ANSWERED);

        CallRecord after =
                CallCorrection.correct(before, fromPbxAnswered("c2", "8102")).orElseThrow();
        assertThat(after.agent()).isEqualTo("8102");
        assertThat(after.endedAt()).isEqualTo(T.plusSeconds(40));
        assertThat(after.endCause()).isEqualTo(16);
        assertThat(after.endedUnseen()).isFalse();
        assertThat(after.timeline())
                .extracting(TimelineEntry::kind)
                .containsExactly("arrived", "queued", "answered", "ended");
    }

    @Test
    void anotherCallsRecordCorrectsNothing() {
        Call known = queued("c3");
        known.endUnseen(T.plusSeconds(300), Call.ENDED_UNSEEN);
        assertThat(CallCorrection.correct(CallRecord.of(known), fromPbxAnswered("c4", "8101")))
                .isEmpty();
    }
}
