package org.hotline.cti.ami;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.call.CallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one Asterisk over AMI into the call model: translates every event, and on every
 * (re)connect resynchronises from Asterisk's own lists (CoreShowChannels, QueueStatus) before the
 * model trusts its memory again. With several nodes (issue 14 item 6) there is one of these per
 * node, named, and {@link AmiNodes} routes each command to the right one; a drop, resync or restart
 * here touches only this node's calls.
 */
public final class AmiTelephony implements AmiListener, Telephony, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiTelephony.class);
    /** Dialplan context whose extension is the room number (dialplans/hotline-conference.conf). */
    static final String CONFERENCE_CONTEXT = "hotline-conference";
    /** The agent's way into the same room (a user profile that leaves when the caller does). */
    static final String CONFERENCE_AGENT_CONTEXT = "hotline-conference-agent";
    /** Where the specialist's leg enters the room. */
    static final String CONFERENCE_SPECIALIST_CONTEXT = "hotline-conference-specialist";

    private final AmiCallTranslator translator;
    private final CallTracker tracker;
    private final Counter events;
    private final AmiClient client;
    private final AmiLegs legs;
    private final AmiChannels channels;
    private final String queue;
    private volatile long resyncs;
    private final List<java.util.function.Consumer<java.time.Instant>> resyncListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String node;

    /**
     * The events this adapter reads ({@link AmiCallTranslator}, {@link AmiLegs}, {@link
     * AmiChannels}): after login, the session asks Asterisk for these only (issue 14 item 4). On
     * the sandbox about 60 % of the {@code call,agent,user} events (DeviceStateChange, Dial*,
     * QueueMemberStatus, NewConnectedLine, BridgeLeave…) say nothing the CTI uses; each cost
     * Asterisk a write and the CTI a read and a decode. Replies to actions (CoreShowChannels'
     * list…) are not filtered. A class that starts reading another event adds it here.
     */
    static final java.util.Set<String> EVENTS_READ = java.util.Set.copyOf(
            java.util.stream.Stream.of(AmiCallTranslator.EVENTS_READ, AmiLegs.EVENTS_READ, AmiChannels.EVENTS_READ)
                    .flatMap(java.util.Set::stream)
                    .toList());

    /** Set once a PBX took some filters and refused others: from then on this node is not filtered. */
    private volatile boolean filterBroken;

    /** The single (first) node, named {@link CallTracker#FIRST_NODE}. */
    public AmiTelephony(
            AmiSettings settings,
            AmiCallTranslator translator,
            CallTracker tracker,
            MeterRegistry registry,
            java.util.Set<String> inboundContexts,
            String queue) {
        this(CallTracker.FIRST_NODE, settings, translator, tracker, registry, inboundContexts, queue);
    }

    /** Node {@code node} on an event loop of its own: {@code translator} gives its calls their node-qualified ids. */
    public AmiTelephony(
            String node,
            AmiSettings settings,
            AmiCallTranslator translator,
            CallTracker tracker,
            MeterRegistry registry,
            java.util.Set<String> inboundContexts,
            String queue) {
        this(node, settings, translator, tracker, registry, inboundContexts, queue, null);
    }

    /**
     * Node {@code node} read on {@code loop} (null: a loop of its own), the loop the server shares
     * between every node and the call model (issue 14 item 4).
     */
    public AmiTelephony(
            String node,
            AmiSettings settings,
            AmiCallTranslator translator,
            CallTracker tracker,
            MeterRegistry registry,
            java.util.Set<String> inboundContexts,
            String queue,
            AmiEventLoop loop) {
        this.node = node;
        this.channels = new AmiChannels(inboundContexts);
        this.queue = queue;
        this.translator = translator;
        this.tracker = tracker;
        this.events = Counter.builder("cti.ami.events")
                .description("AMI events received")
                .register(registry);
        this.client = loop == null ? new AmiClient(settings, this) : new AmiClient(settings, this, loop.group(), false);
        this.legs = new AmiLegs(java.time.Clock.systemUTC(), client::schedule);
        // Issue 14 item 4, the CTI's work per call: each read is a wake-up of the AMI event loop.
        io.micrometer.core.instrument.FunctionCounter.builder("cti.ami.reads", client, AmiClient::reads)
                .description("Network reads from this node's AMI (each one a wake-up of its event loop)")
                .tag("node", node)
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("cti.ami.actions", client, AmiClient::actionsSent)
                .description("AMI actions sent to this node (Ping and resync lists included)")
                .tag("node", node)
                .register(registry);
        Gauge.builder("cti.ami.node.connected", client, c -> c.isConnected() ? 1 : 0)
                .description("1 while logged in to this Asterisk node's AMI")
                .tag("node", node)
                .register(registry);
    }

    /** This node's name (ami.nodes[].name). */
    public String node() {
        return node;
    }

    public void start() {
        client.start();
    }

    public AmiClient client() {
        return client;
    }

    public long resyncs() {
        return resyncs;
    }

    private final java.util.List<Runnable> reconnectHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code hook} after every (re)connect (on the AMI thread: keep it quick). */
    public void onReconnect(Runnable hook) {
        reconnectHooks.add(hook);
    }

    /**
     * Told after each completed resync, with when that connection came up on the wall clock (the
     * PBX's clock, not the domain's), e.g. to recover calls from the PBX's records that ended
     * before it. Called on the call model's thread (in the server, the AMI event loop): hand work off.
     */
    public void addResyncListener(java.util.function.Consumer<java.time.Instant> listener) {
        resyncListeners.add(listener);
    }

    @Override
    public void onConnected(AmiClient c, long generation, String version) {
        filterEvents(c);
        tracker.connected(node, generation);
        reconnectHooks.forEach(Runnable::run);
        java.time.Instant connectedAt = java.time.Instant.now();
        CompletableFuture<AmiResponse> status = c.send("CoreStatus").exceptionally(e -> null);
        c.send("CoreShowChannels")
                .thenCombine(c.send("QueueStatus"), (list, queues) -> {
                    channels.resync(list.events());
                    return translator.snapshot(list.events(), queues.events());
                })
                .thenCombine(status, (snapshot, st) -> {
                    if (restarted(st)) {
                        pbxRestarted(snapshot);
                    }
                    return snapshot;
                })
                .thenCompose(snapshot -> tracker.reconcile(node, generation, snapshot))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn(
                                "resync of node {} after connect #{} failed: {}; will retry on next connect",
                                node,
                                generation,
                                e.getMessage());
                        c.dropConnection();
                    } else {
                        resyncs++;
                        resyncListeners.forEach(l -> l.accept(connectedAt));
                    }
                });
    }

    /**
     * Asks Asterisk for {@link #EVENTS_READ} only (AMI {@code Filter}, advanced match criteria: an
     * event-name hash, no regular expression; Asterisk 20.9/21.4/22 and later). The session's
     * actions run in order, so everything after this (the resync) already sees the filtered
     * stream; events before it are a superset, harmless. A PBX that refuses every filter (no
     * {@code system} write permission for the AMI user) just keeps sending everything. One that
     * took some and refused others would hide events the CTI needs: the link is dropped and the
     * next connection is not filtered.
     */
    private void filterEvents(AmiClient c) {
        if (filterBroken) {
            return;
        }
        List<CompletableFuture<Boolean>> replies = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(EVENTS_READ)) {
            replies.add(c.send("Filter", "Operation", "Add", "MatchCriteria", "action(include),name(" + name + ")")
                    .thenApply(AmiResponse::success)
                    .exceptionally(e -> false));
        }
        CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
            long taken = replies.stream().filter(CompletableFuture::join).count();
            if (taken == replies.size()) {
                log.info("AMI of node {}: Asterisk sends only the {} event types the CTI reads", node, taken);
            } else if (taken == 0) {
                log.info(
                        "AMI of node {}: event filters refused (the AMI user needs write = system for them); "
                                + "receiving every event",
                        node);
            } else {
                log.warn(
                        "AMI of node {}: Asterisk took {} of {} event filters; reconnecting without filters",
                        node,
                        taken,
                        replies.size());
                filterBroken = true;
                c.dropConnection();
            }
        });
    }

    /** When the Asterisk we follow last started (CoreStatus), to tell a restarted PBX from a dropped link. */
    private volatile String pbxStartedAt;

    /** Whether the PBX started again since the last connection (it crashed or restarted while we were away). */
    private boolean restarted(AmiResponse status) {
        if (status == null || !status.success()) {
            return false; // cannot tell: calls that vanished stay "lost"
        }
        String started = status.response().get("CoreStartupDate", "") + " "
                + status.response().get("CoreStartupTime", "");
        String before = pbxStartedAt;
        pbxStartedAt = started;
        return before != null && !before.equals(started);
    }

    /**
     * Asterisk restarted while we were not looking (e.g. it crashed: no SoftHangupRequest came):
     * every call we knew that it no longer has was ended by the PBX going away, not by its caller
     * (issue 11). Told to the model before the resync closes them.
     */
    private void pbxRestarted(List<org.hotline.cti.domain.call.CallSnapshot> snapshot) {
        java.util.Set<String> still = new java.util.HashSet<>();
        snapshot.forEach(s -> still.add(s.callId()));
        java.time.Instant now = java.time.Instant.now();
        int gone = 0;
        for (var call : tracker.liveCalls()) {
            if (node.equals(call.node()) && !still.contains(call.id())) {
                tracker.submit(node, new CallEvent.PbxStopping(call.id(), now));
                gone++;
            }
        }
        log.warn(
                "Asterisk node {} restarted while the CTI was not connected (now started {}): {} call(s) it no longer has end as pbx-restart",
                node,
                pbxStartedAt,
                gone);
    }

    @Override
    public void onEvent(AmiMessage event) {
        events.increment();
        legs.onEvent(event);
        channels.onEvent(event);
        CallEvent e = translator.translate(event);
        if (e != null && e.callId() != null) {
            if (batch == null) {
                batch = new ArrayList<>();
            }
            batch.add(e);
        }
    }

    /**
     * Call events of the current network read, handed to the model together when the read ends
     * (or before a reply or a drop is acted on: {@link AmiListener#onReadComplete}): one task for
     * the model per read, not per event (issue 14 item 2). In the server the model runs on this
     * same event loop ({@link AmiEventLoop}): the task is queued by the loop itself, wakes no
     * thread, and runs right after the read (issue 14 item 4). Touched on the AMI event-loop
     * thread only.
     */
    private List<CallEvent> batch;

    @Override
    public void onReadComplete() {
        List<CallEvent> b = batch;
        if (b != null) {
            batch = null;
            tracker.submitAll(node, b);
        }
    }

    private final java.util.List<Runnable> disconnectHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code hook} once this node's calls were marked unknown after a drop (on the call model's thread, in the server the AMI event loop: keep it quick). */
    public void onDisconnect(Runnable hook) {
        disconnectHooks.add(hook);
    }

    @Override
    public void onDisconnected(String reason) {
        log.warn("AMI of node {} disconnected: {}", node, reason);
        // Only this node's calls become unknown until its resync (issue 14 item 6).
        tracker.nodeDown(node).thenRun(() -> disconnectHooks.forEach(Runnable::run));
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public CompletableFuture<Void> ring(Leg leg) {
        List<String> kv = new ArrayList<>(List.of(
                "Channel",
                leg.target(),
                "Context",
                leg.context(),
                "Exten",
                leg.exten(),
                "Priority",
                "1",
                "Timeout",
                Long.toString(leg.ringTimeout().toMillis()),
                "Async",
                "true",
                "ChannelId",
                leg.id(),
                "CallerID",
                "\"" + leg.callerIdName() + "\" <" + leg.callerIdNumber() + ">"));
        leg.variables().forEach((k, v) -> {
            kv.add("Variable");
            kv.add(k + "=" + v);
        });
        String actionId = client.nextActionId();
        legs.expect(leg.id(), actionId);
        return client.sendWithId(actionId, "Originate", kv.toArray(new String[0]))
                .thenAccept(r -> {
                    if (!r.success()) {
                        legs.requestFailed(leg.id());
                        throw new CtiException(
                                ErrorId.ORIGINATE_REFUSED, "PBX refused to ring " + leg.target() + ": " + r.message());
                    }
                })
                .whenComplete((v, e) -> {
                    if (e != null) {
                        legs.requestFailed(leg.id());
                    }
                });
    }

    @Override
    public CompletableFuture<Void> hangUp(String legId) {
        // Hangup by the channel's uniqueid (which we set with ChannelId); a leg already gone is fine.
        return client.send("Hangup", "Channel", legId).thenAccept(r -> {});
    }

    @Override
    public CompletableFuture<Void> joinConference(String callId, String room) {
        String uid = translator.uniqueid(callId);
        String caller = uid == null ? null : channels.caller(uid);
        String agent = uid == null ? null : channels.agent(uid);
        if (caller == null) {
            return CompletableFuture.failedFuture(
                    new CtiException(ErrorId.NO_SUCH_CALL, "call " + callId + " is not live on the PBX"));
        }
        if (agent == null) {
            return CompletableFuture.failedFuture(
                    new CtiException(ErrorId.CALL_NOT_ANSWERED, "call " + callId + " has no answering agent"));
        }
        return expectSuccess(
                "move the call into conference " + room,
                client.send(
                        "Redirect",
                        "Channel",
                        caller,
                        "ExtraChannel",
                        agent,
                        "Context",
                        CONFERENCE_CONTEXT,
                        "Exten",
                        room,
                        "Priority",
                        "1",
                        "ExtraContext",
                        CONFERENCE_AGENT_CONTEXT,
                        "ExtraExten",
                        room,
                        "ExtraPriority",
                        "1"));
    }

    @Override
    public CompletableFuture<Void> hangUpAgent(String callId) {
        String uid = translator.uniqueid(callId);
        String agent = uid == null ? null : channels.agent(uid);
        if (agent == null) {
            return CompletableFuture.failedFuture(
                    new CtiException(ErrorId.NO_SUCH_CALL, "call " + callId + " has no agent leg"));
        }
        return expectSuccess("hang up the agent", client.send("Hangup", "Channel", agent));
    }

    @Override
    public CompletableFuture<Void> agentReady(String extension, boolean ready) {
        String iface = "PJSIP/" + extension;
        return client.send("QueueAdd", "Queue", queue, "Interface", iface, "MemberName", extension)
                .thenCompose(r -> {
                    // A member already there (a static one, or added before) is what we want.
                    if (!r.success()
                            && !r.message().toLowerCase(java.util.Locale.ROOT).contains("already there")) {
                        throw new CtiException(
                                ErrorId.QUEUE_ADD_FAILED,
                                "the PBX did not add " + iface + " to queue " + queue + ": " + r.message());
                    }
                    return client.send(
                            "QueuePause",
                            "Queue",
                            queue,
                            "Interface",
                            iface,
                            "Paused",
                            ready ? "false" : "true",
                            "Reason",
                            ready ? "ready" : "not-ready");
                })
                .thenAccept(r -> {
                    if (!r.success()) {
                        throw new CtiException(
                                ErrorId.QUEUE_PAUSE_FAILED,
                                "the PBX did not " + (ready ? "unpause " : "pause ") + iface + " in queue " + queue
                                        + ": " + r.message());
                    }
                });
    }

    @Override
    public CompletableFuture<Void> agentDisconnected(String extension) {
        return expectSuccess(
                "pause the disconnected agent",
                client.send(
                        "QueuePause",
                        "Queue",
                        queue,
                        "Interface",
                        "PJSIP/" + extension,
                        "Paused",
                        "true",
                        "Reason",
                        "disconnected"));
    }

    @Override
    public CompletableFuture<Void> setDeskOpen(boolean open) {
        // The dialplan reads AstDB hotline/mode (dialplans/hotline-inbound.conf); Asterisk keeps it
        // across our restarts, so the desk stays as last set even while the CTI is down.
        return expectSuccess(
                "set the desk mode",
                client.send("DBPut", "Family", "hotline", "Key", "mode", "Val", open ? "open" : "closed"));
    }

    @Override
    public CompletableFuture<Void> agentGone(String extension) {
        return client.send("QueueRemove", "Queue", queue, "Interface", "PJSIP/" + extension)
                .thenAccept(r -> {
                    // Not in the queue (any more) is what we want; a static member cannot be removed.
                    if (!r.success()
                            && !r.message().toLowerCase(java.util.Locale.ROOT).contains("not there")) {
                        throw new CtiException(
                                ErrorId.QUEUE_REMOVE_FAILED,
                                "the PBX did not remove PJSIP/" + extension + ": " + r.message());
                    }
                });
    }

    private static CompletableFuture<Void> expectSuccess(String what, CompletableFuture<AmiResponse> f) {
        return f.thenAccept(r -> {
            if (!r.success()) {
                throw new CtiException(ErrorId.PBX_REFUSED, "PBX refused to " + what + ": " + r.message());
            }
        });
    }

    @Override
    public CompletableFuture<LegPresence> legPresence(String legPrefix, String room) {
        return client.send("CoreShowChannels").thenApply(r -> presence(r.events(), legPrefix, room));
    }

    /** A leg we named is in the room when its channel runs ConfBridge for that room in the specialist's context. */
    static LegPresence presence(List<AmiMessage> channels, String legPrefix, String room) {
        LegPresence found = LegPresence.NONE;
        for (AmiMessage c : channels) {
            String uid = c.get("Uniqueid", "");
            if (!"CoreShowChannel".equals(c.event()) || !uid.startsWith(legPrefix)) {
                continue;
            }
            if (CONFERENCE_SPECIALIST_CONTEXT.equals(c.get("Context"))
                    && room.equals(c.get("Exten"))
                    && "ConfBridge".equalsIgnoreCase(c.get("Application", ""))) {
                return new LegPresence(LegPresence.Where.IN_ROOM, uid);
            }
            found = new LegPresence(LegPresence.Where.ALIVE, uid);
        }
        return found;
    }

    @Override
    public void addLegListener(LegListener listener) {
        legs.addListener(listener);
    }

    @Override
    public void close() {
        client.close();
    }
}
