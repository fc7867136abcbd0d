package org.hotline.cti.domain.call;

import java.time.Instant;

/**
 * What happened to an enterprise call, in the project's own words. The AMI adapter's translator
 * is the only place that turns Asterisk events into these.
 */
public sealed interface CallEvent {
    String callId();

    Instant at();

    /** A caller reached the hotline number. */
    record Arrived(String callId, Instant at, String caller, String dialed) implements CallEvent {}

    /** The caller joined the enterprise-desk queue. */
    record Queued(String callId, Instant at, String queue, int position) implements CallEvent {}

    /** An agent's phone is ringing for this call. */
    record Offered(String callId, Instant at, String agent) implements CallEvent {}

    /** An agent answered; caller and agent are talking. */
    record Answered(String callId, Instant at, String agent) implements CallEvent {}

    /** The caller's leg is in a bridge (Asterisk's mixing of the parties). */
    record Bridged(String callId, Instant at, String bridge) implements CallEvent {}

    /** The call arrived while the desk was closed (R2, R11). */
    record AfterHours(String callId, Instant at) implements CallEvent {}

    /** The caller hung up while waiting in the queue. */
    record Abandoned(String callId, Instant at, int position, int waitedSeconds) implements CallEvent {}

    /** The caller left the queue without an agent: {@code status} is TIMEOUT, JOINEMPTY, LEAVEEMPTY, FULL… */
    record QueueExited(String callId, Instant at, String status) implements CallEvent {}

    /**
     * The PBX itself is shutting down or restarting and is hanging up the caller's leg (issue 11):
     * what follows (an abandon, the hang-up) is not the caller's doing.
     */
    record PbxStopping(String callId, Instant at) implements CallEvent {}

    /** The caller's leg is gone. {@code cause} is the Q.850 cause code, {@code causeText} its text. */
    record Ended(String callId, Instant at, int cause, String causeText) implements CallEvent {}
}
