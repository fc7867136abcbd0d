package org.hotline.cti.domain.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * One three-way transfer (R1): {@code requested -> ringing -> connected | failed(cause)}. Each
 * transition returns the commands for the adapter and is reported once to the listener as
 * {@code from -> trigger -> to}. Not thread-safe: the adapter feeds one attempt from one thread.
 */
public final class TransferAttempt {

    public static final ErrorId ILLEGAL_TRANSITION = ErrorId.ILLEGAL_TRANSFER_TRANSITION;

    /** R13: a failed transfer's work order is dispatched within 5 minutes. */
    public static final Duration WORK_ORDER_DISPATCH = Duration.ofMinutes(5);

    /** The attempt's state; {@link #wireName()} is how the store, the API and the pushes spell it. */
    public enum State {
        REQUESTED,
        RINGING,
        CONNECTED,
        FAILED;

        /** {@code requested}, {@code ringing}, {@code connected} or {@code failed}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** True for the states an attempt ends in (R1 counts those). */
        public boolean finished() {
            return this == CONNECTED || this == FAILED;
        }

        /** The outcome this state ends with; empty while in progress. */
        public Optional<TransferOutcome> outcome() {
            return switch (this) {
                case CONNECTED -> Optional.of(TransferOutcome.CONNECTED);
                case FAILED -> Optional.of(TransferOutcome.FAILED);
                case REQUESTED, RINGING -> Optional.empty();
            };
        }

        public static State fromWire(String name) {
            for (State s : values()) {
                if (s.wireName().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown transfer state '" + name + "'");
        }
    }

    /** What the connection rate counts (R1): one finished attempt. */
    public record Outcome(String department, Instant requestedAt, boolean connected, Optional<FailureCause> cause) {}

    private final String id;
    private final TransferDecision.Conference conference;
    private final String callerNumber;
    private final Clock clock;
    private final Consumer<Transition> listener;
    private final Instant requestedAt;

    private State state = State.REQUESTED;
    private int targetIndex = -1;
    private FailureCause cause;
    private Instant endedAt;

    public TransferAttempt(
            String id,
            TransferDecision.Conference conference,
            String callerNumber,
            Clock clock,
            Consumer<Transition> listener) {
        this.id = Objects.requireNonNull(id, "id");
        this.conference = Objects.requireNonNull(conference, "conference");
        this.callerNumber = Objects.requireNonNull(callerNumber, "callerNumber");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener == null ? t -> {} : listener;
        this.requestedAt = clock.instant();
    }

    /** requested -> start -> ringing: ring the first target. */
    public Transition start() {
        require(State.REQUESTED, "start");
        return ringNext("start");
    }

    /** ringing -> answered -> connected: the specialist answered and joined the conference. */
    public Transition answered() {
        require(State.RINGING, "answered");
        String from = stateName();
        state = State.CONNECTED;
        endedAt = clock.instant();
        return emit(from, "answered", List.of());
    }

    /**
     * The current leg failed. A per-target cause rings the next target while any is left; the last
     * one, or a cause that {@linkplain FailureCause#endsAttempt() ends the attempt}, fails it.
     */
    public Transition failed(FailureCause failure) {
        Objects.requireNonNull(failure, "failure");
        if (failure == FailureCause.CALLER_GONE) {
            return callerGone();
        }
        require(State.RINGING, failure.id());
        if (!failure.endsAttempt() && targetIndex + 1 < conference.targets().size()) {
            return ringNext(failure.id());
        }
        return fail(failure.id(), failure, List.of());
    }

    /** The enterprise hung up before the specialist joined: stop ringing, fail, still make a work order. */
    public Transition callerGone() {
        if (state != State.REQUESTED && state != State.RINGING) {
            throw illegal(FailureCause.CALLER_GONE.id());
        }
        List<TransferCommand> cancel = state == State.RINGING
                ? List.of(new TransferCommand.CancelRing(currentTarget().orElseThrow()))
                : List.of();
        return fail(FailureCause.CALLER_GONE.id(), FailureCause.CALLER_GONE, cancel);
    }

    /**
     * An attempt found unfinished after the CTI restarted: its state machine was lost with the
     * process, so only the PBX can say how it ended. The specialist in the room means it connected
     * (R1); anything else fails it with {@code server-restart} and still makes its R13 work order.
     *
     * @param storedState the state last stored ({@link State#REQUESTED} or {@link State#RINGING})
     */
    public static Transition afterRestart(
            String id,
            State storedState,
            boolean specialistInRoom,
            String departmentCode,
            String matterCode,
            String callerNumber,
            Clock clock,
            Consumer<Transition> listener) {
        Transition t;
        if (specialistInRoom) {
            t = new Transition(
                    id,
                    storedState.wireName(),
                    FailureCause.SERVER_RESTART.id(),
                    State.CONNECTED.wireName(),
                    List.of());
        } else {
            Instant now = clock.instant();
            t = new Transition(
                    id,
                    storedState.wireName(),
                    FailureCause.SERVER_RESTART.id(),
                    State.FAILED.wireName() + "(" + FailureCause.SERVER_RESTART.id() + ")",
                    List.of(new TransferCommand.CreateWorkOrder(
                            departmentCode,
                            matterCode,
                            callerNumber,
                            FailureCause.SERVER_RESTART,
                            now.plus(WORK_ORDER_DISPATCH))));
        }
        if (listener != null) {
            listener.accept(t);
        }
        return t;
    }

    private Transition ringNext(String trigger) {
        String from = stateName();
        targetIndex++;
        state = State.RINGING;
        RingTarget target = conference.targets().get(targetIndex);
        return emit(from, trigger, List.of(new TransferCommand.RingNext(target, targetIndex + 1)));
    }

    private Transition fail(String trigger, FailureCause failure, List<TransferCommand> before) {
        String from = stateName();
        state = State.FAILED;
        cause = failure;
        endedAt = clock.instant();
        List<TransferCommand> commands = new ArrayList<>(before);
        commands.add(new TransferCommand.CreateWorkOrder(
                conference.department().code(),
                conference.matter().code(),
                callerNumber,
                failure,
                endedAt.plus(WORK_ORDER_DISPATCH)));
        return emit(from, trigger, commands);
    }

    private Transition emit(String from, String trigger, List<TransferCommand> commands) {
        Transition t = new Transition(id, from, trigger, stateName(), commands);
        listener.accept(t);
        return t;
    }

    private void require(State expected, String trigger) {
        if (state != expected) {
            throw illegal(trigger);
        }
    }

    private CtiException illegal(String trigger) {
        return new CtiException(
                ILLEGAL_TRANSITION, "transfer " + id + ": '" + trigger + "' is not allowed when " + stateName());
    }

    /** {@code requested}, {@code ringing}, {@code connected} or {@code failed(no-answer)}. */
    public String stateName() {
        String name = state.wireName();
        return cause == null ? name : name + "(" + cause.id() + ")";
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public Optional<FailureCause> cause() {
        return Optional.ofNullable(cause);
    }

    public TransferDecision.Conference conference() {
        return conference;
    }

    public Optional<RingTarget> currentTarget() {
        return targetIndex < 0
                ? Optional.empty()
                : Optional.of(conference.targets().get(targetIndex));
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    /** From request to connected (or to failure); empty while in progress. */
    public Optional<Duration> setupTime() {
        return Optional.ofNullable(endedAt).map(end -> Duration.between(requestedAt, end));
    }

    public boolean finished() {
        return state == State.CONNECTED || state == State.FAILED;
    }

    /** The attempt as the connection rate counts it, once finished. */
    public Optional<Outcome> outcome() {
        return finished()
                ? Optional.of(
                        new Outcome(conference.department().code(), requestedAt, state == State.CONNECTED, cause()))
                : Optional.empty();
    }
}
