package org.hotline.cti.ami;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.port.Telephony.LegCause;
import org.hotline.cti.app.port.Telephony.LegEvent;
import org.hotline.cti.app.port.Telephony.LegListener;

/**
 * Follows the legs we originate (named by us through Originate's ChannelId) through their own
 * channel events: Newstate Ringing/Up, ConfbridgeJoin, Hangup with its cause. The originate
 * callback alone is not trusted to say whether a leg answered (it has been wrong in
 * Asterisk-Java, issue #537); OriginateResponse only fills in a failure we did not see otherwise.
 */
final class AmiLegs {
    private static final class State {
        volatile boolean channelSeen;
        volatile boolean answered;
        volatile boolean joined;
    }

    private final Map<String, State> legs = new ConcurrentHashMap<>();
    private final Map<String, String> legByAction = new ConcurrentHashMap<>();
    private final List<LegListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final java.util.function.BiConsumer<Runnable, java.time.Duration> later;

    /**
     * How long a failed OriginateResponse that names the leg's channel waits for that channel's
     * own Newchannel/Hangup before the leg is failed on the response's reason alone.
     */
    static final java.time.Duration CHANNEL_EVENTS_GRACE = java.time.Duration.ofSeconds(2);

    /** Tests: the grace elapses at once. */
    AmiLegs(Clock clock) {
        this(clock, (task, delay) -> task.run());
    }

    /** @param later runs a task after a delay (the AMI client's event loop) */
    AmiLegs(Clock clock, java.util.function.BiConsumer<Runnable, java.time.Duration> later) {
        this.clock = clock;
        this.later = later;
    }

    void addListener(LegListener l) {
        listeners.add(l);
    }

    void expect(String legId, String actionId) {
        legs.put(legId, new State());
        legByAction.put(actionId, legId);
    }

    /** The originate request itself failed (PBX refused it, link down). */
    void requestFailed(String legId) {
        if (legs.remove(legId) != null) {
            emit(legId, LegEvent.Kind.FAILED, LegCause.UNAVAILABLE);
        }
    }

    /** The events {@link #onEvent} reads (the AMI session is filtered to these: AmiTelephony.EVENTS_READ). */
    static final java.util.Set<String> EVENTS_READ =
            java.util.Set.of("OriginateResponse", "Newchannel", "Newstate", "ConfbridgeJoin", "Hangup");

    void onEvent(AmiMessage e) {
        String name = e.event();
        if ("OriginateResponse".equals(name)) {
            String legId = legByAction.remove(e.get("ActionID", ""));
            if (legId != null && "Failure".equalsIgnoreCase(e.get("Response"))) {
                State s = legs.get(legId);
                // When the leg's channel existed, its Hangup (which follows) carries the real
                // cause (busy = 17); OriginateResponse says only "Reason: 0" then.
                if (s != null && !s.channelSeen) {
                    LegCause cause = reason(e.get("Reason", "0"));
                    if (legId.equals(e.get("Uniqueid"))) {
                        // It names our channel, yet we have not seen that channel: its own events
                        // travel on another of Asterisk's internal topics than OriginateResponse and
                        // can come after it when the PBX is busy (a specialist's 486 then read as
                        // "unavailable" instead of busy, R1's failure cause). Its Hangup says why;
                        // wait for it a moment, and fail on the response's reason only if it never comes.
                        later.accept(
                                () -> {
                                    if (legs.remove(legId, s)) {
                                        emit(legId, LegEvent.Kind.FAILED, cause);
                                    }
                                },
                                CHANNEL_EVENTS_GRACE);
                    } else {
                        legs.remove(legId);
                        emit(legId, LegEvent.Kind.FAILED, cause);
                    }
                }
            }
            return;
        }
        if (legs.isEmpty()) {
            return; // no transfer leg in flight (nearly always): do not even build the event's Uniqueid
        }
        String uid = e.get("Uniqueid");
        State s = uid == null ? null : legs.get(uid);
        if (s == null) {
            return;
        }
        switch (name) {
            case "Newchannel" -> s.channelSeen = true;
            case "Newstate" -> {
                String state = e.get("ChannelState", "");
                if ("5".equals(state)) {
                    emit(uid, LegEvent.Kind.RINGING, null);
                } else if ("6".equals(state) && !s.answered) {
                    s.answered = true;
                    emit(uid, LegEvent.Kind.ANSWERED, null);
                }
            }
            case "ConfbridgeJoin" -> {
                if (!s.joined) {
                    s.joined = true;
                    emit(uid, LegEvent.Kind.JOINED, null);
                }
            }
            case "Hangup" -> {
                legs.remove(uid);
                LegCause cause = cause(e.get("Cause", "0"));
                emit(
                        uid,
                        s.answered ? LegEvent.Kind.ENDED : LegEvent.Kind.FAILED,
                        !s.answered && cause == LegCause.NORMAL ? LegCause.NO_ANSWER : cause);
            }
            default -> {
                // other events of the leg say nothing the application needs
            }
        }
    }

    /** Q.850 hang-up cause → what a user understands. */
    static LegCause cause(String code) {
        return switch (code.trim()) {
            case "16", "0" -> LegCause.NORMAL;
            case "17" -> LegCause.BUSY;
            case "18", "19", "102" -> LegCause.NO_ANSWER;
            case "21" -> LegCause.REJECTED;
            case "34", "38", "41", "42", "44" -> LegCause.CONGESTION;
            default -> LegCause.UNAVAILABLE; // 1 unallocated, 3 no route, 20 absent, 27 out of order…
        };
    }

    /** OriginateResponse Reason (Asterisk's AST_CONTROL codes) → cause. */
    static LegCause reason(String code) {
        return switch (code.trim()) {
            case "3" -> LegCause.NO_ANSWER;
            case "5" -> LegCause.BUSY;
            case "8" -> LegCause.CONGESTION;
            case "1" -> LegCause.REJECTED;
            default -> LegCause.UNAVAILABLE;
        };
    }

    private void emit(String legId, LegEvent.Kind kind, LegCause cause) {
        LegEvent ev = new LegEvent(legId, kind, cause, Instant.now(clock));
        for (LegListener l : listeners) {
            l.onLeg(ev);
        }
    }
}
