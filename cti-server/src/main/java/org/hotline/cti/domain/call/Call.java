package org.hotline.cti.domain.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One enterprise call from arrival to end. Applying an event returns the timeline entry it adds,
 * or nothing when the event changes nothing (a repeat seen again after a resync, or an event
 * after the end): that is what keeps reconnects from writing duplicate history.
 * Not thread-safe: owned by the call tracker's single thread.
 */
public final class Call {
    private final String id;
    private String caller;
    private String dialed;
    private final Instant arrivedAt;
    private String queue;
    private Instant queuedAt;
    private Instant offeredAt;
    private String ringingAgent;
    private Instant answeredAt;
    private String agent;
    private String bridge;
    private boolean afterHours;
    private boolean pbxStopping;
    private String missedReason;
    private Instant endedAt;
    private int endCause;
    private String endCauseText;
    private CallState state = CallState.ARRIVED;
    private final List<TimelineEntry> timeline = new ArrayList<>();
    /** The Asterisk node the call lives on (issue 14 item 6); null for a call stored before nodes had names. */
    private String node;
    /** Its node's AMI connection is down: what the call does now is unknown until that node is resynchronised. */
    private boolean unknown;

    public Call(String id, String caller, String dialed, Instant arrivedAt) {
        this.id = id;
        this.caller = caller == null || caller.isBlank() ? "unknown" : caller;
        this.dialed = dialed == null ? "" : dialed;
        this.arrivedAt = arrivedAt;
        timeline.add(new TimelineEntry(arrivedAt, "arrived", null, this.caller));
    }

    /** Rebuilds a call from storage (e.g. after a restart), without adding history. */
    public static Call restore(
            String id,
            String caller,
            String dialed,
            Instant arrivedAt,
            String queue,
            Instant queuedAt,
            Instant offeredAt,
            String ringingAgent,
            Instant answeredAt,
            String agent,
            boolean afterHours,
            String missedReason,
            List<TimelineEntry> history) {
        Call c = new Call(id, caller, dialed, arrivedAt);
        c.timeline.clear();
        c.timeline.addAll(history);
        c.queue = queue;
        c.queuedAt = queuedAt;
        c.offeredAt = offeredAt;
        c.ringingAgent = ringingAgent;
        c.answeredAt = answeredAt;
        c.agent = agent;
        c.afterHours = afterHours;
        c.missedReason = missedReason;
        c.state = answeredAt != null
                ? CallState.TALKING
                : offeredAt != null ? CallState.RINGING : queuedAt != null ? CallState.QUEUED : CallState.ARRIVED;
        return c;
    }

    public Optional<TimelineEntry> apply(CallEvent e) {
        if (state == CallState.ENDED) {
            return Optional.empty();
        }
        TimelineEntry t;
        if (e instanceof CallEvent.Queued q) {
            t = onQueued(q);
        } else if (e instanceof CallEvent.Offered o) {
            t = onOffered(o);
        } else if (e instanceof CallEvent.Answered a) {
            t = onAnswered(a);
        } else if (e instanceof CallEvent.Bridged b) {
            t = onBridged(b);
        } else if (e instanceof CallEvent.AfterHours a) {
            t = onAfterHours(a);
        } else if (e instanceof CallEvent.Abandoned a) {
            t = onAbandoned(a);
        } else if (e instanceof CallEvent.QueueExited q) {
            t = onQueueExited(q);
        } else if (e instanceof CallEvent.PbxStopping p) {
            t = onPbxStopping(p);
        } else if (e instanceof CallEvent.Ended end) {
            t = end(end.at(), end.cause(), end.causeText());
        } else {
            t = null; // Arrived: the call exists already
        }
        return Optional.ofNullable(t).map(this::record);
    }

    /** The cause text of a call closed by a resync because it ended while the CTI could not see it. */
    public static final String ENDED_UNSEEN = "ended while the CTI was disconnected from Asterisk";

    /** Ends a call whose hang-up happened while we could not see it (AMI down, PBX restart). */
    public Optional<TimelineEntry> endUnseen(Instant at, String why) {
        if (state == CallState.ENDED) {
            return Optional.empty();
        }
        if (answeredAt == null && missedReason == null) {
            missedReason = "lost";
        }
        return Optional.of(record(end(at, 0, why)));
    }

    private TimelineEntry record(TimelineEntry t) {
        timeline.add(t);
        return t;
    }

    private TimelineEntry onQueued(CallEvent.Queued q) {
        if (queuedAt != null) {
            return null;
        }
        queue = q.queue();
        queuedAt = q.at();
        state = CallState.QUEUED;
        return new TimelineEntry(q.at(), "queued", null, q.queue() + " #" + q.position());
    }

    private TimelineEntry onOffered(CallEvent.Offered o) {
        if (answeredAt != null || o.agent().equals(ringingAgent)) {
            return null;
        }
        offeredAt = offeredAt == null ? o.at() : offeredAt;
        ringingAgent = o.agent();
        state = CallState.RINGING;
        return new TimelineEntry(o.at(), "offered", o.agent(), null);
    }

    private TimelineEntry onAnswered(CallEvent.Answered a) {
        if (answeredAt != null) {
            return null;
        }
        answeredAt = a.at();
        agent = a.agent();
        ringingAgent = null;
        missedReason = null;
        state = CallState.TALKING;
        return new TimelineEntry(a.at(), "answered", a.agent(), null);
    }

    private TimelineEntry onBridged(CallEvent.Bridged b) {
        bridge = b.bridge();
        return null; // part of the live model, not of the stored history
    }

    private TimelineEntry onAfterHours(CallEvent.AfterHours a) {
        if (afterHours) {
            return null;
        }
        afterHours = true;
        missedReason = "after-hours";
        return new TimelineEntry(a.at(), "after-hours", null, null);
    }

    /** The reason of a call still waiting for an agent when the PBX went down: not the caller's hang-up (issue 11). */
    public static final String PBX_RESTART = "pbx-restart";

    private TimelineEntry onPbxStopping(CallEvent.PbxStopping p) {
        if (pbxStopping) {
            return null;
        }
        pbxStopping = true;
        if (answeredAt == null && missedReason == null) {
            missedReason = PBX_RESTART; // R11: still a missed call to call back, with the true reason
        }
        return new TimelineEntry(p.at(), "pbx-stopping", agent, "the PBX shut down or restarted");
    }

    private TimelineEntry onAbandoned(CallEvent.Abandoned a) {
        if (answeredAt != null || "caller-hangup".equals(missedReason) || pbxStopping) {
            return null;
        }
        missedReason = "caller-hangup";
        return new TimelineEntry(a.at(), "abandoned", null, "waited " + a.waitedSeconds() + " s at #" + a.position());
    }

    private TimelineEntry onQueueExited(CallEvent.QueueExited q) {
        // app_queue also reports a queue timeout as QueueCallerAbandon; this later, more precise
        // word from the dialplan wins, so a timeout is not counted as the caller hanging up.
        if (answeredAt != null || pbxStopping || (missedReason != null && !"caller-hangup".equals(missedReason))) {
            return null;
        }
        missedReason = switch (q.status()) {
            case "TIMEOUT" -> "queue-timeout";
            case "FULL" -> "queue-full";
            default -> "no-agents"; // JOINEMPTY, LEAVEEMPTY, JOINUNAVAIL, LEAVEUNAVAIL
        };
        return new TimelineEntry(q.at(), "queue-exit", null, q.status());
    }

    private TimelineEntry end(Instant at, int cause, String causeText) {
        endedAt = at;
        endCause = cause;
        endCauseText = causeText == null ? "" : causeText;
        state = CallState.ENDED;
        return new TimelineEntry(
                at, "ended", agent, outcome().wireName() + (endCauseText.isEmpty() ? "" : ": " + endCauseText));
    }

    public CallOutcome outcome() {
        if (answeredAt != null) {
            return CallOutcome.ANSWERED;
        }
        if (afterHours) {
            return CallOutcome.AFTER_HOURS;
        }
        if (queuedAt != null || missedReason != null) {
            return CallOutcome.ABANDONED;
        }
        return CallOutcome.FAILED;
    }

    /** Names the Asterisk node the call lives on; returns this call. */
    public Call atNode(String nodeName) {
        this.node = nodeName;
        return this;
    }

    public String node() {
        return node;
    }

    /** True while the AMI connection to the call's node is down (issue 14 item 6). */
    public boolean unknown() {
        return unknown;
    }

    /**
     * The connection to the call's node dropped: its state is unknown until that node is
     * resynchronised (only its own calls; other nodes' calls stay known). Not history: no timeline entry.
     */
    public void nodeLost() {
        unknown = true;
    }

    /** The call's node was resynchronised and still has the call. */
    public void nodeResynced() {
        unknown = false;
    }

    public String id() {
        return id;
    }

    public String caller() {
        return caller;
    }

    public String dialed() {
        return dialed;
    }

    public Instant arrivedAt() {
        return arrivedAt;
    }

    public String queue() {
        return queue;
    }

    public Instant queuedAt() {
        return queuedAt;
    }

    public Instant offeredAt() {
        return offeredAt;
    }

    public String ringingAgent() {
        return ringingAgent;
    }

    public Instant answeredAt() {
        return answeredAt;
    }

    public String agent() {
        return agent;
    }

    public String bridge() {
        return bridge;
    }

    public boolean afterHours() {
        return afterHours;
    }

    public String missedReason() {
        return missedReason;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public int endCause() {
        return endCause;
    }

    public String endCauseText() {
        return endCauseText;
    }

    public CallState state() {
        return state;
    }

    public boolean ended() {
        return state == CallState.ENDED;
    }

    public List<TimelineEntry> timeline() {
        return Collections.unmodifiableList(timeline);
    }

    /** Seconds the caller waited before an agent answered (or before giving up), if known. */
    public Optional<Duration> waited() {
        Instant until = answeredAt != null ? answeredAt : endedAt;
        return queuedAt == null || until == null ? Optional.empty() : Optional.of(Duration.between(queuedAt, until));
    }

    /** Fills in details learned late (a resync may know the caller number better than we did). */
    public void learnCaller(String number) {
        if (number != null && !number.isBlank() && "unknown".equals(caller)) {
            caller = number;
        }
    }
}
