package org.hotline.cti.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.cti.ami.AmiClient;
import org.hotline.cti.ami.AmiListener;
import org.hotline.cti.ami.AmiMessage;
import org.hotline.cti.ami.AmiSettings;

/**
 * The end-to-end run's own AMI session (issue 14 item 4): it watches the sandbox as a neutral
 * observer, the same in both modes, and timestamps with one clock (this JVM's nanoTime): calls
 * answered by an agent (AgentConnect) and completed (the caller's Hangup after that), specialists'
 * legs created, answered and joined to a transfer room. A share of answered calls gets a transfer
 * request {@code transferDelay} after the answer, made by whoever {@link #transfers} is: the tool
 * itself over AMI (Asterisk alone: the same Redirect and Originate the CTI sends) or the CTI's API.
 */
final class CallObserver implements AmiListener, AutoCloseable {
    /** A transfer made for one answered call; completes with its room, or fails. */
    interface Transferer {
        CompletableFuture<String> transfer(String callId, String callerChannel, String agentChannel, long n);
    }

    /**
     * One transfer measured: requested (the tool's timer fired and the request was written), the
     * specialist's leg created (its Newchannel: Asterisk starts its own Originate work), answered
     * (Newstate Up) and joined to the room (ConfbridgeJoin); -1 where an event was not seen. The
     * path is who made it (with {@code --paths}: pbx, http or ws; else "").
     */
    record Sample(String path, long requestedAt, long movedAt, long createdAt, long upAt, long joinedAt) {
        long setup() {
            return joinedAt - requestedAt;
        }

        /** Request → the caller's BridgeLeave: the Redirect has taken effect (the CTI's steps before it, in CTI mode). */
        long toRedirected() {
            return movedAt < 0 ? -1 : movedAt - requestedAt;
        }

        /** Request → the leg's Newchannel: everything before Asterisk's own Originate work. */
        long beforeOriginate() {
            return createdAt < 0 ? -1 : createdAt - requestedAt;
        }

        /** The leg's Newchannel → ConfbridgeJoin: Asterisk's own Originate → answer → in the room. */
        long originateToJoined() {
            return createdAt < 0 ? -1 : joinedAt - createdAt;
        }

        long newToUp() {
            return createdAt < 0 || upAt < 0 ? -1 : upAt - createdAt;
        }
    }

    private record Request(String path, long at) {}

    private final AmiClient ami;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "e2e-transfers");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> answered = new ConcurrentHashMap<>();
    private final Map<String, Request> requestedByCall = new ConcurrentHashMap<>();
    private final Map<String, String> roomToCall = new ConcurrentHashMap<>();
    private final Map<String, Long> legNew = new ConcurrentHashMap<>();
    private final Map<String, Long> movedByCall = new ConcurrentHashMap<>();
    private final Map<String, Long> legUp = new ConcurrentHashMap<>();
    /** Hang-up times of answered calls (nanoTime), for calls/s per window. */
    private final List<Long> completed = new ArrayList<>();

    private final List<Sample> samples = new ArrayList<>();
    private final AtomicLong answeredCount = new AtomicLong();
    private final AtomicLong transferFailures = new AtomicLong();
    private final AtomicLong channels = new AtomicLong();
    private volatile double share;
    private volatile Duration transferDelay = Duration.ofSeconds(1);
    private volatile Transferer transfers;
    /** With --paths: the transfer makers taken in turn, one transfer each (interleaved in one window). */
    private volatile List<Map.Entry<String, Transferer>> paths = List.of();

    private final AtomicLong transfersMade = new AtomicLong();

    CallObserver() {
        AmiSettings s = AmiSettings.of("127.0.0.1", 5038, "cti", secret());
        ami = new AmiClient(s, this);
        ami.start();
    }

    private static String secret() {
        String v = System.getenv("CTI_AMI_SECRET");
        return v == null || v.isBlank() ? "hotline-sandbox-ami" : v;
    }

    AmiClient ami() {
        return ami;
    }

    void transfers(Transferer t, double share, Duration delay) {
        this.paths = List.of();
        this.transfers = t;
        this.share = share;
        this.transferDelay = delay;
    }

    /**
     * Transfers made in turn by each of {@code makers} (path name → maker), so that every path
     * sees the same moment's load: Asterisk alone's own Redirect + Originate beside the CTI's.
     */
    void interleaved(List<Map.Entry<String, Transferer>> makers, double share, Duration delay) {
        this.paths = List.copyOf(makers);
        this.transfers = makers.get(0).getValue();
        this.share = share;
        this.transferDelay = delay;
    }

    @Override
    public void onEvent(AmiMessage e) {
        long now = System.nanoTime();
        String ev = e.event();
        if (ev == null) {
            return;
        }
        switch (ev) {
            case "Newchannel" -> {
                channels.incrementAndGet();
                if (e.get("Channel", "").startsWith("PJSIP/specialists")) {
                    legNew.put(e.get("Uniqueid"), now);
                }
            }
            case "Hangup" -> {
                channels.decrementAndGet();
                Long a = answered.remove(e.get("Uniqueid", ""));
                if (a != null) {
                    synchronized (completed) {
                        completed.add(now);
                    }
                }
            }
            case "Newstate" -> {
                if ("Up".equals(e.get("ChannelStateDesc"))
                        && e.get("Channel", "").startsWith("PJSIP/specialists")) {
                    legUp.put(e.get("Uniqueid"), now);
                }
            }
            case "AgentConnect" -> agentConnect(e, now);
            case "BridgeLeave" -> {
                String uid = e.get("Uniqueid", "");
                if (requestedByCall.containsKey(uid)) {
                    movedByCall.putIfAbsent(uid, now); // the caller left the agent's bridge: the Redirect took effect
                }
            }
            case "ConfbridgeJoin" -> confbridgeJoin(e, now);
            default -> {}
        }
    }

    private void agentConnect(AmiMessage e, long now) {
        String callId = e.get("Uniqueid");
        if (callId == null) {
            return;
        }
        answered.put(callId, now);
        long n = answeredCount.incrementAndGet();
        Transferer t = transfers;
        double s = share;
        if (t == null || Math.floor(n * s) == Math.floor((n - 1) * s)) {
            return;
        }
        String callerChannel = e.get("Channel");
        String agentChannel = e.get("DestChannel");
        List<Map.Entry<String, Transferer>> ps = paths;
        String path = "";
        if (!ps.isEmpty()) {
            Map.Entry<String, Transferer> p = ps.get((int) (transfersMade.getAndIncrement() % ps.size()));
            path = p.getKey();
            t = p.getValue();
        }
        String via = path;
        Transferer maker = t;
        timer.schedule(
                () -> {
                    long at = System.nanoTime();
                    requestedByCall.put(callId, new Request(via, at));
                    maker.transfer(callId, callerChannel, agentChannel, n).whenComplete((room, err) -> {
                        if (err != null || room == null) {
                            transferFailures.incrementAndGet();
                            requestedByCall.remove(callId);
                        } else {
                            roomToCall.putIfAbsent(room, callId);
                        }
                    });
                },
                transferDelay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void confbridgeJoin(AmiMessage e, long now) {
        String room = e.get("Conference", "");
        String uid = e.get("Uniqueid", "");
        if (requestedByCall.containsKey(uid)) {
            roomToCall.putIfAbsent(room, uid); // the caller joined first: its room, known before the API answered
            return;
        }
        if (!e.get("Channel", "").startsWith("PJSIP/specialists")) {
            return;
        }
        String callId = roomToCall.get(room);
        Request requested = callId == null ? null : requestedByCall.remove(callId);
        if (requested == null) {
            return;
        }
        Long created = legNew.remove(uid);
        Long up = legUp.remove(uid);
        Long moved = movedByCall.remove(callId);
        synchronized (samples) {
            samples.add(new Sample(
                    requested.path(),
                    requested.at(),
                    moved == null ? -1 : moved,
                    created == null ? -1 : created,
                    up == null ? -1 : up,
                    now));
        }
    }

    /** Channels Asterisk has now, as far as the events say (for draining between runs). */
    long channels() {
        return channels.get();
    }

    long transferFailures() {
        return transferFailures.get();
    }

    long completedBetween(long from, long to) {
        synchronized (completed) {
            return completed.stream().filter(t -> t >= from && t < to).count();
        }
    }

    /** Transfer samples whose request fell in [from, to) (every path). */
    List<Sample> samplesBetween(long from, long to) {
        synchronized (samples) {
            return samples.stream()
                    .filter(s -> s.requestedAt() >= from && s.requestedAt() < to)
                    .toList();
        }
    }

    /** Sorted non-negative values of {@code f} over {@code in}. */
    static long[] sorted(List<Sample> in, java.util.function.ToLongFunction<Sample> f) {
        return in.stream().mapToLong(f).filter(v -> v >= 0).sorted().toArray();
    }

    long requestsBetween(long from, long to) {
        return requestsBetween(from, to, null);
    }

    /** Requests made in [from, to) by {@code path} (null: every path), measured or still waiting for their specialist. */
    long requestsBetween(long from, long to, String path) {
        long waiting = requestedByCall.values().stream()
                .filter(r -> r.at() >= from && r.at() < to && (path == null || path.equals(r.path())))
                .count();
        synchronized (samples) {
            return waiting
                    + samples.stream()
                            .filter(s -> s.requestedAt() >= from
                                    && s.requestedAt() < to
                                    && (path == null || path.equals(s.path())))
                            .count();
        }
    }

    /** Forget everything measured (between runs). */
    void reset() {
        answered.clear();
        requestedByCall.clear();
        roomToCall.clear();
        legNew.clear();
        movedByCall.clear();
        legUp.clear();
        synchronized (completed) {
            completed.clear();
        }
        synchronized (samples) {
            samples.clear();
        }
        transferFailures.set(0);
        answeredCount.set(0);
        transfersMade.set(0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ami.close();
    }
}
