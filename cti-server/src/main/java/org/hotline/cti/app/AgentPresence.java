package org.hotline.cti.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.QueueMembers;
import org.hotline.cti.app.port.Telephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue membership of the agents who work at the desktop (issue 11). The CTI is the authority on
 * it, because Asterisk forgets dynamic members when it restarts ({@code persistentmembers = no})
 * and keeps a pause nobody lifts when a desktop goes away:
 * <ul>
 * <li>an agent's login adds the extension to the queue, ready; {@code ready} pauses or unpauses it;</li>
 * <li>logout, and a session that closes (desktop crashed, network gone), take the extension out of
 * the queue: a member with no desktop must not be offered calls nobody sees, nor linger paused.
 * A static member (queues.conf) cannot be removed: it is paused with reason {@code disconnected};</li>
 * <li>after every (re)connect to the PBX, each open session's membership and pause are applied
 * again, and the queue is reconciled with the sessions: a dynamic member with no session (its
 * desktop went away while the CTI was down) is removed.</li>
 * </ul>
 * A failure to add or pause reaches the agent ({@code agent.queue} push, and {@code ready:false}
 * in the login reply), never a silent {@code ready:true}.
 */
public final class AgentPresence {
    private static final Logger log = LoggerFactory.getLogger(AgentPresence.class);
    /** The pause reason the CTI gives a static member whose desktop went away. */
    public static final String DISCONNECTED = "disconnected";

    private final Telephony pbx;
    private final QueueMembers members;
    private final LiveEvents events;
    /** Extension → open sessions at it, and whether the agent asked to be ready. */
    private final Map<String, Desk> desks = new ConcurrentHashMap<>();

    private final long reapplyPauseMillis;

    private static final class Desk {
        int sessions;
        boolean ready;
    }

    /** What the queue made of a request: {@code error} is null when it was carried out. */
    public record QueueState(String extension, boolean ready, ErrorId errorCode, String errorMessage) {
        public boolean ok() {
            return errorCode == null;
        }

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("extension", extension);
            m.put("ready", ready);
            if (errorCode != null) {
                m.put("error", Map.of("code", errorCode.id(), "message", errorMessage));
            }
            return m;
        }
    }

    public AgentPresence(Telephony pbx, QueueMembers members, LiveEvents events) {
        this(pbx, members, events, REAPPLY_PAUSE_MILLIS);
    }

    AgentPresence(Telephony pbx, QueueMembers members, LiveEvents events, long reapplyPauseMillis) {
        this.reapplyPauseMillis = reapplyPauseMillis;
        this.pbx = pbx;
        this.members = members;
        this.events = events;
    }

    /** An agent's session opened at {@code extension}: it joins the queue, ready. */
    public CompletableFuture<QueueState> login(String extension) {
        synchronized (desks) {
            Desk d = desks.computeIfAbsent(extension, k -> new Desk());
            d.sessions++;
            d.ready = true;
        }
        return apply(extension, true);
    }

    /** The agent asks to take calls ({@code true}) or to pause. */
    public CompletableFuture<QueueState> ready(String extension, boolean ready) {
        Desk d = desks.get(extension);
        if (d != null) {
            d.ready = ready;
        }
        return apply(extension, ready);
    }

    /** The agent logged out, or the session closed: the last one at an extension takes it out of the queue. */
    public CompletableFuture<Void> sessionClosed(String extension) {
        synchronized (desks) {
            Desk d = desks.get(extension);
            if (d != null && --d.sessions > 0) {
                return CompletableFuture.completedFuture(null); // another window of the same agent is still open
            }
            desks.remove(extension);
        }
        return leave(extension);
    }

    /** Extensions with an open agent session now, for the dashboard. */
    public Set<String> withSession() {
        return Set.copyOf(desks.keySet());
    }

    private CompletableFuture<Void> leave(String extension) {
        return pbx.agentGone(extension)
                .handle((v, e) -> {
                    if (e == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    // A static member cannot be removed: at least it must not be offered calls.
                    log.info(
                            "agent {} not removed from the queue ({}); paused as {}",
                            extension,
                            rootMessage(e),
                            DISCONNECTED);
                    return pbx.agentDisconnected(extension).exceptionally(x -> {
                        log.warn("agent {} could not be paused either: {}", extension, rootMessage(x));
                        return null;
                    });
                })
                .thenCompose(f -> f);
    }

    private CompletableFuture<QueueState> apply(String extension, boolean ready) {
        return pbx.agentReady(extension, ready).handle((v, e) -> {
            if (e == null) {
                return new QueueState(extension, ready, null, null);
            }
            Throwable root = root(e);
            ErrorId code = root instanceof org.hotline.cti.CtiException c ? c.error() : ErrorId.PBX_ERROR;
            log.warn("agent {}: queue {} failed: {}", extension, ready ? "ready" : "pause", root.getMessage());
            return new QueueState(extension, false, code, root.getMessage());
        });
    }

    /**
     * After every (re)connect to the PBX (Asterisk may have restarted and forgotten its dynamic
     * members): applies each session's membership and pause again and tells the agent how it went;
     * then removes dynamic members that have no session. Completes when all is done.
     */
    public CompletableFuture<Void> reconnected() {
        List<CompletableFuture<?>> work = new ArrayList<>();
        for (String ext : desks.keySet()) {
            work.add(reapply(ext, 1));
        }
        work.add(members.list().thenCompose(list -> {
            List<CompletableFuture<?>> removals = new ArrayList<>();
            for (QueueMembers.Agent a : list) {
                if (a.dynamic() && !desks.containsKey(a.extension())) {
                    log.info("agent {} is in the queue with no desktop session: removed", a.extension());
                    removals.add(pbx.agentGone(a.extension()).exceptionally(x -> null));
                }
            }
            return CompletableFuture.allOf(removals.toArray(new CompletableFuture<?>[0]));
        }));
        return CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0]))
                .exceptionally(e -> {
                    log.warn("queue membership not reconciled after reconnect: {}", rootMessage(e));
                    return null;
                });
    }

    /**
     * Applies a session's membership again; a PBX that has just restarted may accept the AMI login
     * before its queues are loaded, so a refusal is told to the agent at once and retried a few
     * times, a second apart, until it works or the session is gone.
     */
    private CompletableFuture<Void> reapply(String ext, int attempt) {
        Desk d = desks.get(ext);
        if (d == null) {
            return CompletableFuture.completedFuture(null);
        }
        return apply(ext, d.ready).thenCompose(state -> {
            events.publish(LiveEvents.Event.toExtension("agent.queue", state.view(), ext));
            if (state.ok() || attempt >= REAPPLY_ATTEMPTS) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.supplyAsync(
                            () -> null,
                            CompletableFuture.delayedExecutor(
                                    reapplyPauseMillis, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(x -> reapply(ext, attempt + 1));
        });
    }

    static final int REAPPLY_ATTEMPTS = 10;
    static final long REAPPLY_PAUSE_MILLIS = 1000;

    private static Throwable root(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable t) {
        return root(t).getMessage();
    }
}
