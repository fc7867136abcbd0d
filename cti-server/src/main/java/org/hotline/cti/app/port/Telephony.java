package org.hotline.cti.app.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the application asks of the PBX, in its own words. A "leg" is one party we ring
 * ourselves (a specialist, a dial-tested number, a supervisor's phone); we name it, and every
 * {@link LegEvent} about it carries that name.
 */
public interface Telephony {

    boolean connected();

    /** Whether Asterisk node {@code node} is connected (a single PBX: whether it is; null: any node). */
    default boolean connected(String node) {
        return connected();
    }

    /**
     * Rings {@code target} (a PBX dial target such as {@code PJSIP/8001} or
     * {@code PJSIP/specialists/sip:2001@127.0.0.3:5071}) for at most {@code ringTimeout}; when it
     * answers it continues at {@code context}/{@code exten}. Completes when the PBX has accepted
     * the request, not when the leg answers: follow the leg's events for that.
     */
    CompletableFuture<Void> ring(Leg leg);

    /** Hangs up a leg we rang (no-op when it is already gone). */
    CompletableFuture<Void> hangUp(String legId);

    void addLegListener(LegListener listener);

    /**
     * Moves a call's caller and its answering agent together into conference {@code room}
     * (R1), so the caller never hears silence nor is dropped; the specialist is then rung into
     * the same room. Completes when the PBX has confirmed the move, on the PBX link's own thread
     * as it reads the confirmation: a ring chained on it without an executor goes out from there,
     * with no hand-off between the two (issue 14 item 4).
     */
    CompletableFuture<Void> joinConference(String callId, String room);

    /** Hangs up the answering agent's leg of a call (the caller and anyone conferenced stay). */
    CompletableFuture<Void> hangUpAgent(String callId);

    /**
     * Puts an agent's extension in the hotline queue, ready ({@code true}) or paused; fails with
     * {@code queue-add-failed} or {@code queue-pause-failed} when the PBX refuses (issue 11: the
     * agent must learn it).
     */
    CompletableFuture<Void> agentReady(String extension, boolean ready);

    /** Pauses an extension whose desktop went away, with reason {@code disconnected} (a static member, which cannot be removed). */
    CompletableFuture<Void> agentDisconnected(String extension);

    /** Opens or closes the desk in the dialplan: closed sends callers to the after-hours branch (R2, R11). */
    CompletableFuture<Void> setDeskOpen(boolean open);

    /** Takes an agent's extension out of the hotline queue (logout); fails when the PBX refuses (a static member). */
    CompletableFuture<Void> agentGone(String extension);

    /**
     * Where the legs we rang whose ids start with {@code legPrefix} are now, asked of the PBX itself:
     * after a reconnect or a restart their events may have been missed (R1: connected only when
     * the specialist is in {@code room}).
     */
    CompletableFuture<LegPresence> legPresence(String legPrefix, String room);

    /**
     * {@code IN_ROOM}: the leg is in the conference room; {@code ALIVE}: it exists but is not in the
     * room (still ringing); {@code GONE}: no such leg. {@code legId} names the leg found, else null.
     */
    record LegPresence(Where where, String legId) {
        public enum Where {
            IN_ROOM,
            ALIVE,
            GONE
        }

        public static final LegPresence NONE = new LegPresence(Where.GONE, null);
    }

    /**
     * A leg to ring. {@code variables} are set on the new channel. {@code node} is the Asterisk node
     * that must ring it (issue 14 item 6: a transfer's specialist joins the room on the caller's
     * node); null lets the PBX side choose (an agent's own node for {@code PJSIP/<extension>}, else
     * the first node that is up).
     */
    record Leg(
            String id,
            String target,
            Duration ringTimeout,
            String context,
            String exten,
            String callerIdName,
            String callerIdNumber,
            Map<String, String> variables,
            String node) {
        public Leg {
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("leg id must be 1-64 of [A-Za-z0-9._-], was '" + id + "'");
            }
            variables = Map.copyOf(variables);
        }

        /** A leg on whichever node the PBX side chooses. */
        public Leg(
                String id,
                String target,
                Duration ringTimeout,
                String context,
                String exten,
                String callerIdName,
                String callerIdNumber,
                Map<String, String> variables) {
            this(id, target, ringTimeout, context, exten, callerIdName, callerIdNumber, variables, null);
        }

        /** This leg, rung on {@code nodeName}. */
        public Leg onNode(String nodeName) {
            return new Leg(id, target, ringTimeout, context, exten, callerIdName, callerIdNumber, variables, nodeName);
        }
    }

    /** What happened to a leg. {@code cause} is set for {@link Kind#FAILED} and {@link Kind#ENDED}. */
    record LegEvent(String legId, Kind kind, LegCause cause, Instant at) {
        public enum Kind {
            /** The far end is ringing. */
            RINGING,
            /** The far end answered. */
            ANSWERED,
            /** The answered leg joined a conference room. */
            JOINED,
            /** The leg never answered. */
            FAILED,
            /** An answered leg hung up. */
            ENDED
        }
    }

    /** Why a leg did not answer or ended, from the PBX's hang-up cause. */
    enum LegCause {
        NORMAL("normal"),
        NO_ANSWER("no-answer"),
        BUSY("busy"),
        CONGESTION("congestion"),
        UNAVAILABLE("unavailable"),
        REJECTED("rejected");

        private final String id;

        LegCause(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    @FunctionalInterface
    interface LegListener {
        /** Called on the AMI thread: be quick, hand work off. */
        void onLeg(LegEvent event);
    }
}
