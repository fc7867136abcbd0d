package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.AttributeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.AgentPresence;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.TransferService;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent protocol on {@code /ws/agent} (docs/agent-protocol.md): one JSON object per text
 * frame; requests carry an {@code id} echoed in the reply; pushes follow the agent's extension
 * and user name. Runs on the blocking executor group (transfers and wrap-ups touch the DB).
 */
@ChannelHandler.Sharable
public final class AgentSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(AgentSocket.class);
    private static final AttributeKey<Session> SESSION = AttributeKey.valueOf("cti.session");
    private static final Set<String> TYPES =
            Set.of("login", "ready", "logout", "transfer", "hangup", "wrapup", "workorder.create", "kb.search", "ping");

    private final AuthService auth;
    private final TransferService transfers;
    private final HotlineDesk desk;
    private final WorkOrderService workOrders;
    private final Telephony pbx;
    private final AgentPresence presence;
    private final AgentSessions sessions = new AgentSessions();
    private final java.util.function.Function<String, java.util.Optional<org.hotline.cti.domain.call.CallRecord>>
            liveCall;

    /** Whether this connection has logged in (it may have logged out since). */
    static boolean loggedIn(Channel ch) {
        return ch.attr(SESSION).get() != null
                || Boolean.TRUE.equals(ch.attr(EVER_LOGGED_IN).get());
    }

    private static final AttributeKey<Boolean> EVER_LOGGED_IN = AttributeKey.valueOf("cti.everLoggedIn");

    /** Agent WebSocket connections logged in right now. */
    public int sessionCount() {
        return sessions.size();
    }

    /** @param liveCall a live call by id (the call tracker), to check whose call a request touches */
    public AgentSocket(
            AuthService auth,
            TransferService transfers,
            HotlineDesk desk,
            WorkOrderService workOrders,
            Telephony pbx,
            AgentPresence presence,
            LiveEvents events,
            java.util.function.Function<String, java.util.Optional<org.hotline.cti.domain.call.CallRecord>> liveCall) {
        this.liveCall = liveCall;
        this.workOrders = workOrders;
        this.auth = auth;
        this.transfers = transfers;
        this.desk = desk;
        this.pbx = pbx;
        this.presence = presence;
        // Issue 14 item 4: a push for an extension or user with no session here is not even built.
        events.subscribe(
                this::deliver,
                (u, x) -> (u != null || x != null) && !sessions.recipients(u, x).isEmpty());
    }

    private void deliver(LiveEvents.Event e) {
        if (e.toUser() == null && e.toExtension() == null) {
            return; // dashboard-only events
        }
        List<Channel> to = sessions.recipients(e.toUser(), e.toExtension());
        if (to.isEmpty()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        if (e.data() instanceof Map<?, ?> data) {
            data.forEach((k, v) -> m.put(String.valueOf(k), v));
        } else {
            m.put("data", e.data());
        }
        // Encoded once, as UTF-8 bytes; every recipient's frame shares them (issue 14 item 3).
        ByteBuf json = ByteBufAllocator.DEFAULT.buffer(1024);
        try {
            Json.write(json, m);
            for (Channel ch : to) {
                Session s = ch.attr(SESSION).get();
                if (s == null || !auth.valid(s)) {
                    continue; // issue 11 item 7: an expired or logged-out token gets no more pushes
                }
                if (SlowConsumers.admit(ch, "agent connection", AgentSocket::tooSlow)) {
                    ch.writeAndFlush(new TextWebSocketFrame(json.retainedDuplicate()));
                }
            }
        } finally {
            json.release();
        }
    }

    /** The last frame a stuck agent connection gets (issue 14): 1008 {@code too-slow}. */
    private static Object tooSlow() {
        return new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "too-slow: pushes left unread");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            reply(ctx, null, error(ErrorId.TEXT_FRAMES_ONLY, "send JSON in text frames"));
            return;
        }
        String id = null;
        Map<String, Object> result;
        try {
            JsonNode msg = Json.tree(text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            id = msg.path("id").isMissingNode() ? null : msg.path("id").asText();
            result = handle(ctx, msg);
            result.put("type", "ok");
        } catch (CtiException e) {
            result = error(e.error(), ApiErrors.clientMessage(e));
            if (e.details() != null) {
                result.put("details", e.details());
            }
        } catch (RuntimeException e) {
            log.error("agent request failed", e);
            result = error(
                    ErrorId.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
        }
        reply(ctx, id, result);
    }

    private Map<String, Object> handle(ChannelHandlerContext ctx, JsonNode msg) {
        String type = Json.requiredText(msg, "type");
        if (!TYPES.contains(type)) {
            throw new CtiException(
                    ErrorId.UNKNOWN_TYPE, "unknown message type '" + type + "'; see docs/agent-protocol.md");
        }
        Session s = ctx.channel().attr(SESSION).get();
        if (s != null && !auth.valid(s)) {
            // Issue 11 item 7: a token that expired or was logged out stops working here too.
            ctx.channel().attr(SESSION).set(null);
            sessions.remove(ctx.channel());
            if (s.role() == Role.AGENT && s.extension() != null) {
                presence.sessionClosed(s.extension()); // no calls to a desk that can no longer act on them
            }
            throw new CtiException(ErrorId.UNAUTHORIZED, "session expired or logged out; log in again");
        }
        if (!type.equals("login") && !type.equals("ping") && s == null) {
            throw new CtiException(ErrorId.LOGIN_REQUIRED, "send {type: login, agent, password, extension} first");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        switch (type) {
            case "login" -> {
                if (s != null) {
                    throw new CtiException(ErrorId.ALREADY_LOGGED_IN, "this connection is logged in as " + s.user());
                }
                Session in = auth.login(
                        Json.requiredText(msg, "agent"),
                        Json.requiredText(msg, "password"),
                        ApiHandler.remoteAddress(ctx));
                String ext;
                try {
                    if (in.role() == Role.DEPARTMENT) {
                        throw new CtiException(
                                ErrorId.FORBIDDEN,
                                "the agent protocol is for hotline staff; departments use the work-order API");
                    }
                    ext = extension(in, msg.path("extension"));
                } catch (CtiException refused) {
                    // The token the refused login minted would live on unused until it expired:
                    // a client repeating the refused login would pile them up.
                    auth.logout(in.token());
                    throw refused;
                }
                Session session = new Session(in.token(), in.user(), in.role(), ext, in.expiresAt());
                ctx.channel().attr(SESSION).set(session);
                ctx.channel().attr(EVER_LOGGED_IN).set(Boolean.TRUE);
                ctx.channel().config().setWriteBufferWaterMark(SlowConsumers.AGENT);
                sessions.add(ctx.channel(), session);
                boolean agent = in.role() == Role.AGENT && ext != null;
                // Joins the enterprise-desk queue; the reply says whether the PBX took it (issue 11).
                AgentPresence.QueueState queued = agent ? queueResult(presence.login(ext), ext) : null;
                out.put("agent", session.user());
                out.put("role", session.role().wireName());
                out.put("extension", ext);
                out.put("ready", queued != null && queued.ok());
                if (queued != null && !queued.ok()) {
                    out.put("queueError", Map.of("code", queued.errorCode().id(), "message", queued.errorMessage()));
                }
            }
            case "ready" -> {
                boolean ready = msg.path("ready").asBoolean(true);
                requireExtension(s);
                AgentPresence.QueueState state = queueResult(presence.ready(s.extension(), ready), s.extension());
                if (!state.ok()) {
                    throw new CtiException(state.errorCode(), state.errorMessage());
                }
                out.put("ready", ready);
            }
            case "logout" -> {
                if (s.extension() != null && s.role() == Role.AGENT) {
                    presence.sessionClosed(s.extension());
                }
                ctx.channel().attr(SESSION).set(null);
                sessions.remove(ctx.channel());
                auth.logout(s.token());
            }
            case "transfer" ->
                // Issue 14 item 4: the setup's steps include the way here from the event loop (hop, JSON).
                out.put(
                        "transfer",
                        TransferOutcomes.view(transfers.request(Requests.transfer(msg, s), s, Offload.sinceRead())));
            case "hangup" -> {
                String callId = Json.requiredText(msg, "callId");
                // Issue 11 item 6: hanging up another agent's leg outside a conference drops its caller.
                Ownership.requireOwnCall(
                        s,
                        liveCall.apply(callId)
                                .orElseThrow(() -> new CtiException(
                                        ErrorId.NO_SUCH_CALL, "no live call with id '" + callId + "'")));
                pbx.hangUpAgent(callId).join();
            }
            case "wrapup" -> {
                // R9: 未能解答 carries the caller's question, which goes to its department's inbox.
                HotlineDesk.WrappedUp done = desk.wrapUpCall(s, Requests.wrapUp(msg));
                out.put("wrapup", done.wrapup());
                if (done.question() != null) {
                    out.put("question", done.question());
                }
            }
            case "workorder.create" -> {
                // R13/R2: kind and department; dispatched to the department at once unless "dispatch": false.
                var actor = WorkOrderService.actor(s);
                var request = Requests.createWorkOrder(msg);
                var order = workOrders.create(actor, request.newWorkOrder(), request.dispatch());
                Map<String, Object> view = workOrders.view(order, actor);
                out.put("workOrder", view);
                out.put("dueText", view.get("dueText"));
            }
            case "kb.search" -> out.put("results", desk.searchKb(msg.path("q").asText("")));
            case "ping" -> out.put("time", java.time.Instant.now().toString());
            default ->
                throw new CtiException(
                        ErrorId.UNKNOWN_TYPE, "unknown message type '" + type + "'; see docs/agent-protocol.md");
        }
        return out;
    }

    /** The PBX's answer to a queue request, waited for a bounded time (this runs on the blocking executors). */
    private static AgentPresence.QueueState queueResult(
            java.util.concurrent.CompletableFuture<AgentPresence.QueueState> f, String ext) {
        try {
            return f.get(QUEUE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return new AgentPresence.QueueState(
                    ext, false, ErrorId.PBX_TIMEOUT, "the PBX did not answer within " + QUEUE_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AgentPresence.QueueState(ext, false, ErrorId.INTERRUPTED, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return new AgentPresence.QueueState(
                    ext, false, ErrorId.PBX_ERROR, String.valueOf(e.getCause().getMessage()));
        }
    }

    private static final int QUEUE_TIMEOUT_SECONDS = 5;

    /**
     * The extension a login may claim (issue 11 item 6): an agent only its own; a supervisor or
     * admin its own or a configured agent's desk. Anything else would let {@code ready} put
     * {@code PJSIP/<anything>} into the hotline queue.
     */
    private String extension(Session in, JsonNode claimed) {
        if (claimed.isMissingNode()
                || claimed.isNull()
                || (claimed.isTextual() && claimed.asText().isEmpty() && in.extension() == null)) {
            return in.extension();
        }
        String ext = claimed.isTextual() ? claimed.asText() : claimed.toString();
        if (!Ownership.EXTENSION.matcher(ext).matches()) {
            throw new CtiException(
                    ErrorId.BAD_EXTENSION, "an extension is letters, digits, '.', '_' or '-' (at most 40)");
        }
        boolean desk = in.role().atLeast(Role.SUPERVISOR) && auth.isConfiguredExtension(ext);
        if (!ext.equals(in.extension()) && !desk) {
            throw new CtiException(
                    ErrorId.WRONG_EXTENSION,
                    in.extension() == null
                            ? ext + " is not a configured extension; log in at your own desk's extension or without one"
                            : in.user() + " works at extension " + in.extension() + ", not " + ext);
        }
        return ext;
    }

    private static void requireExtension(Session s) {
        if (s.extension() == null) {
            throw new CtiException(ErrorId.NO_EXTENSION, "this session has no phone extension");
        }
    }

    private static Map<String, Object> error(ErrorId code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code.id());
        m.put("message", message);
        return m;
    }

    private static void reply(ChannelHandlerContext ctx, String id, Map<String, Object> body) {
        // A client that keeps sending but never reads its replies grew the outbound buffer without
        // bound (500k pings in 20 s: +250 MB); it is dropped as a stuck push reader is (1008 too-slow).
        if (!SlowConsumers.admit(ctx.channel(), "agent connection", AgentSocket::tooSlow)) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", body.remove("type"));
        if (id != null) {
            m.put("id", id);
        }
        m.putAll(body);
        ctx.writeAndFlush(new TextWebSocketFrame(Json.text(m)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.codec.TooLongFrameException
                || cause instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException) {
            ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(
                            io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.MESSAGE_TOO_BIG,
                            "message larger than " + HttpServer.MAX_FRAME_BYTES + " bytes"))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        log.warn("agent connection error: {}", cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Session s = ctx.channel().attr(SESSION).getAndSet(null);
        sessions.remove(ctx.channel());
        if (s != null) {
            auth.logout(s.token()); // the WebSocket's own token dies with it: nothing left to prune
        }
        if (s != null && s.role() == Role.AGENT && s.extension() != null) {
            // A dropped desktop must not keep receiving queue calls it cannot see, nor linger
            // paused in the queue after it: the last session at the extension takes it out (issue 11).
            presence.sessionClosed(s.extension());
        }
        ctx.fireChannelInactive();
    }
}
