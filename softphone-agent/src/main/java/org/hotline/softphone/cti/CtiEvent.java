package org.hotline.softphone.cti;

import java.util.List;

/** Everything the CTI client reports; sealed, so this list is the whole vocabulary. */
public sealed interface CtiEvent {

    /** The connection came up (and logged in) or went down; {@code detail} says why. */
    record ConnectionChanged(boolean connected, String detail) implements CtiEvent {}

    /** Logged in (again, after a reconnect). */
    record LoggedIn(AgentSession session) implements CtiEvent {}

    /** Screen pop: this agent's phone rings for a hotline call. */
    record CallOffered(String callId, String caller, String enterprise, List<RecentCall> recentCalls)
            implements CtiEvent {}

    record CallAnswered(String callId, String caller, String agent) implements CtiEvent {}

    /** The caller's leg is gone. */
    record CallEnded(String callId, String caller, String outcome) implements CtiEvent {}

    /** A transfer changed state: requested, ringing, connected, failed. */
    record TransferProgress(TransferView transfer) implements CtiEvent {}

    /** A transfer finished: outcome connected or failed. */
    record TransferResult(TransferView transfer) implements CtiEvent {}

    /** A missed call was assigned to this supervisor (R11). */
    record CallbackAssigned(CallbackItem callback) implements CtiEvent {}
}
