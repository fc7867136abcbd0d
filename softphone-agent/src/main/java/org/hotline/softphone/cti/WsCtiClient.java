package org.hotline.softphone.cti;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CtiClient} on the agent WebSocket {@code /ws/agent}: request/reply by {@code id} with a
 * timeout, pushes turned into {@link CtiEvent}s, and after the first successful login a lost
 * connection is re-opened with doubling back-off and the agent logged in again (the server
 * pauses an agent whose desktop dropped, and the login puts it back in the queue).
 */
public final class WsCtiClient implements CtiClient {

    private static final Logger log = LoggerFactory.getLogger(WsCtiClient.class);

    /** Timeouts and back-off; defaults suit a desktop on a LAN. */
    public record Options(Duration requestTimeout, Duration reconnectMin, Duration reconnectMax) {
        public static final Options DEFAULTS =
                new Options(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30));

        public Options {
            if (requestTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("requestTimeout cannot be less than 100ms");
            }
            if (reconnectMin.isNegative() || reconnectMax.compareTo(reconnectMin) < 0) {
                throw new IllegalArgumentException("reconnectMax must be >= reconnectMin >= 0");
            }
        }
    }

    private final Transport.Factory transports;
    private final Options options;
    private final List<CtiListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> daemon(r, "cti-events"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cti-timers"));

    private final Object lock = new Object();
    private CtiLogin login;
    private Transport transport;
    private long generation;
    private boolean loggedIn;
    private boolean everLoggedIn;
    private boolean closed;
    private int failures;
    /** Which of the login's servers the next connection goes to (issue 14: active/standby pair). */
    private int current;

    public WsCtiClient() {
        this(Options.DEFAULTS);
    }

    public WsCtiClient(Options options) {
        this(JdkWebSocketTransport::open, options);
    }

    WsCtiClient(Transport.Factory transports, Options options) {
        this.transports = transports;
        this.options = options;
    }

    @Override
    public void addListener(CtiListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(CtiListener listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletableFuture<AgentSession> connect(CtiLogin newLogin) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new CtiException("cti-closed", "client closed"));
            }
            this.login = newLogin;
            this.current = 0;
        }
        return openTrying(newLogin.servers().size());
    }

    /** The first connect goes round the servers once: the first may be the standby, or down. */
    private CompletableFuture<AgentSession> openTrying(int left) {
        return open().handle((s, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(s);
                    }
                    CtiException failure = CtiException.of(e);
                    boolean next;
                    synchronized (lock) {
                        // Refused credentials are the same on every server: only unreachable or standby servers are
                        // skipped.
                        next = left > 1 && !closed && !everLoggedIn && "cti-unreachable".equals(failure.code());
                        if (next) {
                            advance();
                        }
                    }
                    return next ? openTrying(left - 1) : CompletableFuture.<AgentSession>failedFuture(failure);
                })
                .thenCompose(f -> f);
    }

    /** On to the next server of the pair (under {@code lock}). */
    private void advance() {
        current = (current + 1) % login.servers().size();
    }

    @Override
    public boolean connected() {
        synchronized (lock) {
            return loggedIn;
        }
    }

    private CompletableFuture<AgentSession> open() {
        CtiLogin l;
        URI uri;
        long gen;
        synchronized (lock) {
            l = login;
            uri = CtiLogin.webSocketUri(l.servers().get(current));
            gen = ++generation;
            if (transport != null) {
                transport.close();
                transport = null;
            }
        }
        log.info("CTI: connecting to {} as {}", uri, l.agent());
        return transports
                .open(uri, new Receiver(gen))
                .handle((t, e) -> {
                    if (e != null) {
                        // Also a standby server, which refuses the WebSocket with 503 standby (issue 14).
                        throw new CtiException("cti-unreachable", "cannot reach " + uri + ": " + rootMessage(e));
                    }
                    synchronized (lock) {
                        if (gen != generation || closed) {
                            t.close();
                            throw new CtiException("cti-disconnected", "superseded");
                        }
                        transport = t;
                    }
                    return t;
                })
                .thenCompose(t -> send(
                        t, "login", fields("agent", l.agent(), "password", l.password(), "extension", l.extension())))
                .thenApply(reply -> {
                    AgentSession session = CtiJson.session(reply);
                    synchronized (lock) {
                        loggedIn = true;
                        everLoggedIn = true;
                        failures = 0;
                    }
                    log.info("CTI: logged in as {} ({})", session.agent(), session.role());
                    emit(new CtiEvent.ConnectionChanged(true, "logged in as " + session.agent()));
                    emit(new CtiEvent.LoggedIn(session));
                    return session;
                })
                .whenComplete((s, e) -> {
                    if (e != null) {
                        boolean retry;
                        synchronized (lock) {
                            retry = everLoggedIn && !closed && gen == generation;
                            if (transport != null && gen == generation) {
                                transport.close();
                                transport = null;
                            }
                        }
                        if (retry) {
                            scheduleReconnect(CtiException.of(e).getMessage());
                        }
                    }
                });
    }

    private void scheduleReconnect(String why) {
        long delay;
        synchronized (lock) {
            if (closed) {
                return;
            }
            // Issue 14: every reconnect tries the next server of an active/standby pair; the back-off
            // grows once per round, so the pair's new active server is found at the first delay.
            int n = login.servers().size();
            advance();
            delay = Math.min(
                    options.reconnectMax().toMillis(), options.reconnectMin().toMillis() << Math.min(failures / n, 20));
            failures++;
        }
        log.info("CTI: reconnecting in {} ms ({})", delay, why);
        timers.schedule(
                () -> {
                    open().exceptionally(e -> null);
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Boolean> setReady(boolean ready) {
        return request("ready", fields("ready", ready))
                .thenApply(r -> r.path("ready").asBoolean());
    }

    @Override
    public CompletableFuture<TransferView> transfer(String callId, String matter, TransferOverride override) {
        Map<String, Object> body = fields("callId", callId, "matter", matter);
        if (override != null) {
            body.put("override", fields("supervisor", override.supervisor(), "reason", override.reason()));
        }
        return request("transfer", body).thenApply(r -> CtiJson.transfer(r.path("transfer")));
    }

    @Override
    public CompletableFuture<Void> hangup(String callId) {
        return request("hangup", fields("callId", callId)).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> wrapup(
            String callId, String matter, String resolution, String note, String enterprise) {
        return request(
                        "wrapup",
                        fields(
                                "callId",
                                callId,
                                "matter",
                                matter,
                                "resolution",
                                resolution,
                                "note",
                                note,
                                "enterprise",
                                enterprise))
                .thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> wrapupUnanswered(
            String callId, String matter, String department, String question, String note, String enterprise) {
        Map<String, Object> body = fields(
                "callId", callId, "matter", matter, "resolution", "unanswered", "note", note, "enterprise", enterprise);
        body.put("department", department);
        body.put("question", question);
        return request("wrapup", body).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<CreatedWorkOrder> createWorkOrder(
            String callId, String department, String kind, String matter, String description) {
        return request(
                        "workorder.create",
                        fields(
                                "callId",
                                callId,
                                "department",
                                department,
                                "kind",
                                kind,
                                "matter",
                                matter,
                                "description",
                                description))
                .thenApply(CtiJson::createdWorkOrder);
    }

    @Override
    public CompletableFuture<List<KbEntry>> searchKb(String query) {
        return request("kb.search", fields("q", query == null ? "" : query)).thenApply(r -> {
            List<KbEntry> out = new ArrayList<>();
            r.path("results").forEach(k -> out.add(CtiJson.kb(k)));
            return List.copyOf(out);
        });
    }

    private CompletableFuture<JsonNode> request(String type, Map<String, Object> body) {
        Transport t;
        synchronized (lock) {
            if (!loggedIn || transport == null) {
                return CompletableFuture.failedFuture(
                        everLoggedIn
                                ? new CtiException("cti-disconnected", "not connected to the CTI server")
                                : new CtiException("not-logged-in", "log in to the CTI server first"));
            }
            t = transport;
        }
        return send(t, type, body);
    }

    private CompletableFuture<JsonNode> send(Transport t, String type, Map<String, Object> body) {
        String id = String.valueOf(ids.incrementAndGet());
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", type);
        msg.put("id", id);
        msg.putAll(body);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        timers.schedule(
                () -> {
                    if (pending.remove(id, reply)) {
                        reply.completeExceptionally(new CtiException(
                                "cti-timeout",
                                type + ": no reply within "
                                        + options.requestTimeout().toMillis() + " ms"));
                    }
                },
                options.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        log.debug("CTI: -> {} id={}", type, id); // never the body: login carries the password
        t.send(CtiJson.write(msg));
        return reply;
    }

    private final class Receiver implements Transport.Receiver {
        private final long gen;

        Receiver(long gen) {
            this.gen = gen;
        }

        @Override
        public void onText(String text) {
            JsonNode m;
            try {
                m = CtiJson.parse(text);
            } catch (CtiException e) {
                log.warn("CTI: ignoring a frame: {}", e.getMessage());
                return;
            }
            String type = m.path("type").asText();
            JsonNode id = m.get("id");
            if (id != null && ("ok".equals(type) || "error".equals(type))) {
                CompletableFuture<JsonNode> f = pending.remove(id.asText());
                if (f == null) {
                    log.debug("CTI: late reply id={} ignored", id.asText());
                } else if ("ok".equals(type)) {
                    f.complete(m);
                } else {
                    f.completeExceptionally(new CtiException(
                            m.path("code").asText("cti-error"),
                            m.path("message").asText(""),
                            CtiJson.details(m)));
                }
                return;
            }
            CtiEvent e = CtiJson.event(m);
            if (e == null) {
                log.debug("CTI: unknown push '{}' ignored", type);
            } else {
                emit(e);
            }
        }

        @Override
        public void onClosed(String reason) {
            boolean wasLoggedIn;
            boolean retry;
            synchronized (lock) {
                if (gen != generation) {
                    return; // an old connection we already replaced
                }
                wasLoggedIn = loggedIn;
                loggedIn = false;
                transport = null;
                retry = everLoggedIn && !closed;
            }
            failPending(reason);
            if (wasLoggedIn) {
                log.warn("CTI: connection lost: {}", reason);
                emit(new CtiEvent.ConnectionChanged(false, reason));
            }
            if (retry && wasLoggedIn) {
                scheduleReconnect(reason);
            }
        }
    }

    private void failPending(String reason) {
        for (String id : List.copyOf(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new CtiException("cti-disconnected", reason));
            }
        }
    }

    private void emit(CtiEvent e) {
        try {
            events.execute(() -> {
                for (CtiListener l : listeners) {
                    try {
                        l.onEvent(e);
                    } catch (RuntimeException ex) {
                        log.warn("CTI listener failed on {}", e, ex);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closed: nobody is listening any more
        }
    }

    @Override
    public void close() {
        Transport t;
        boolean was;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            was = loggedIn;
            loggedIn = false;
            t = transport;
            transport = null;
            generation++;
        }
        if (t != null) {
            t.close();
        }
        failPending("client closed");
        if (was) {
            emit(new CtiEvent.ConnectionChanged(false, "closed"));
        }
        timers.shutdownNow();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
