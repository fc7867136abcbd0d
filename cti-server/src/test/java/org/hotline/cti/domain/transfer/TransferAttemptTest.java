package org.hotline.cti.domain.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.cti.domain.transfer.TransferFixtures.POLICY;
import static org.hotline.cti.domain.transfer.TransferFixtures.at;
import static org.hotline.cti.domain.transfer.TransferFixtures.counts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.domain.transfer.TransferAttempt.State;
import org.hotline.cti.domain.transfer.TransferCommand.CancelRing;
import org.hotline.cti.domain.transfer.TransferCommand.CreateWorkOrder;
import org.hotline.cti.domain.transfer.TransferCommand.RingNext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransferAttemptTest {

    /** A clock the test moves by hand. */
    static final class StepClock extends Clock {
        Instant now;

        StepClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @java.lang.Override
        public ZoneId getZone() {
            return TransferFixtures.SHANGHAI;
        }

        @java.lang.Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @java.lang.Override
        public Instant instant() {
            return now;
        }
    }

    final StepClock clock = new StepClock(at("2026-03-03T10:00"));
    final List<String> log = new ArrayList<>();

    /** During Tuesday's rotation: 7101, then the two tax numbers. */
    TransferAttempt attempt() {
        var conference =
                (TransferDecision.Conference) POLICY.decide("vat-credit-refund", clock.instant(), counts(10, 0));
        return new TransferAttempt("T1", conference, "13900001111", clock, t -> log.add(t.logLine()));
    }

    @Test
    @DisplayName("R1: requested -> ringing -> connected, with setup time and one log line per transition")
    void connected() {
        TransferAttempt a = attempt();
        Transition start = a.start();
        assertThat(start.commands()).singleElement().isInstanceOfSatisfying(RingNext.class, r -> {
            assertThat(r.target().number()).isEqualTo("7101");
            assertThat(r.ordinal()).isEqualTo(1);
        });
        clock.advance(Duration.ofSeconds(7));
        Transition answered = a.answered();
        assertThat(answered.commands()).isEmpty();
        assertThat(a.state()).isEqualTo(State.CONNECTED);
        assertThat(a.setupTime()).contains(Duration.ofSeconds(7));
        assertThat(a.outcome())
                .get()
                .extracting(TransferAttempt.Outcome::connected)
                .isEqualTo(true);
        assertThat(log)
                .containsExactly(
                        "transfer T1: requested -> start -> ringing", "transfer T1: ringing -> answered -> connected");
    }

    @Test
    @DisplayName("R4 then R1: busy rotation specialist, then the department's numbers in order")
    void ringsTargetsInOrder() {
        TransferAttempt a = attempt();
        a.start();
        Transition busy = a.failed(FailureCause.BUSY);
        assertThat(busy.to()).isEqualTo("ringing");
        assertThat(((RingNext) busy.commands().get(0)).target().number()).isEqualTo("sip:2001@127.0.0.3:5071");
        Transition noAnswer = a.failed(FailureCause.NO_ANSWER);
        assertThat(((RingNext) noAnswer.commands().get(0)).ordinal()).isEqualTo(3);
        a.answered();
        assertThat(log)
                .containsExactly(
                        "transfer T1: requested -> start -> ringing",
                        "transfer T1: ringing -> busy -> ringing",
                        "transfer T1: ringing -> no-answer -> ringing",
                        "transfer T1: ringing -> answered -> connected");
    }

    @Test
    @DisplayName("R13: the last target failing fails the attempt and orders a work order within 5 minutes")
    void allTargetsFail() {
        TransferAttempt a = attempt();
        a.start();
        a.failed(FailureCause.NO_ANSWER);
        a.failed(FailureCause.CONGESTION);
        clock.advance(Duration.ofSeconds(60));
        Transition last = a.failed(FailureCause.UNAVAILABLE);
        assertThat(last.to()).isEqualTo("failed(unavailable)");
        assertThat(last.commands())
                .containsExactly(new CreateWorkOrder(
                        "tax",
                        "vat-credit-refund",
                        "13900001111",
                        FailureCause.UNAVAILABLE,
                        clock.instant().plus(Duration.ofMinutes(5))));
        assertThat(a.cause()).contains(FailureCause.UNAVAILABLE);
        assertThat(a.outcome())
                .get()
                .extracting(TransferAttempt.Outcome::connected)
                .isEqualTo(false);
    }

    @Test
    @DisplayName("caller hangs up while the specialist rings: cancel the ring, fail caller-gone, still a work order")
    void callerGoneWhileRinging() {
        TransferAttempt a = attempt();
        a.start();
        Transition gone = a.failed(FailureCause.CALLER_GONE);
        assertThat(gone.commands()).hasSize(2);
        assertThat(gone.commands().get(0))
                .isInstanceOfSatisfying(
                        CancelRing.class, c -> assertThat(c.target().number()).isEqualTo("7101"));
        assertThat(gone.commands().get(1)).isInstanceOf(CreateWorkOrder.class);
        assertThat(log).last().isEqualTo("transfer T1: ringing -> caller-gone -> failed(caller-gone)");
    }

    @Test
    void callerGoneBeforeRinging() {
        TransferAttempt a = attempt();
        Transition gone = a.callerGone();
        assertThat(gone.commands()).singleElement().isInstanceOf(CreateWorkOrder.class);
        assertThat(a.stateName()).isEqualTo("failed(caller-gone)");
    }

    @Test
    void timeoutEndsTheAttemptEvenWithTargetsLeft() {
        TransferAttempt a = attempt();
        a.start();
        assertThat(a.failed(FailureCause.TIMEOUT).to()).isEqualTo("failed(timeout)");
    }

    @Test
    void rejectedMovesOnToTheNextTarget() {
        TransferAttempt a = attempt();
        a.start();
        assertThat(a.failed(FailureCause.REJECTED).to()).isEqualTo("ringing");
    }

    @Test
    @DisplayName("illegal transitions throw illegal-transfer-transition")
    void illegalTransitions() {
        TransferAttempt a = attempt();
        assertIllegal(a::answered);
        assertIllegal(() -> a.failed(FailureCause.BUSY));
        a.start();
        assertIllegal(a::start);
        a.answered();
        assertIllegal(a::answered);
        assertIllegal(a::callerGone);
        assertIllegal(() -> a.failed(FailureCause.NO_ANSWER));
        assertThat(log).hasSize(2); // refused triggers are not logged as transitions
    }

    @Test
    void failureCauseIds() {
        assertThat(FailureCause.NO_ANSWER.id()).isEqualTo("no-answer");
        assertThat(FailureCause.fromId("caller-gone")).isEqualTo(FailureCause.CALLER_GONE);
        assertThatThrownBy(() -> FailureCause.fromId("x")).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertIllegal(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.id()).isEqualTo("illegal-transfer-transition"));
    }

    @Test
    @DisplayName(
            "Issue 11: an attempt a killed CTI left ringing connects if the specialist is in the room, else fails with server-restart and its R13 order")
    void afterRestart() {
        Transition joined = TransferAttempt.afterRestart(
                "T4",
                TransferAttempt.State.RINGING,
                true,
                "tax",
                "vat-credit-refund",
                "13900001111",
                clock,
                t -> log.add(t.logLine()));
        assertThat(joined.to()).isEqualTo("connected");
        assertThat(joined.commands()).isEmpty();

        Transition lost = TransferAttempt.afterRestart(
                "T5",
                TransferAttempt.State.RINGING,
                false,
                "tax",
                "vat-credit-refund",
                "13900001111",
                clock,
                t -> log.add(t.logLine()));
        assertThat(lost.to()).isEqualTo("failed(server-restart)");
        assertThat(lost.commands())
                .singleElement()
                .isEqualTo(new CreateWorkOrder(
                        "tax",
                        "vat-credit-refund",
                        "13900001111",
                        FailureCause.SERVER_RESTART,
                        clock.instant().plus(TransferAttempt.WORK_ORDER_DISPATCH)));
        assertThat(log)
                .containsExactly(
                        "transfer T4: ringing -> server-restart -> connected",
                        "transfer T5: ringing -> server-restart -> failed(server-restart)");
    }
}
