package org.hotline.cti.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/**
 * Turns call steps into live events: {@code call.offered} to the ringing agent's session (with
 * the caller's recent calls for the screen pop), {@code call.answered} and {@code call.ended}
 * to the answering agent, and every step to the dashboard.
 * <p>
 * Issue 14 item 4: the call model (so this listener) runs on the AMI event loop. The screen pop's
 * database reads must not: a pop someone would receive is built on {@code screenPops}, in a lane of
 * its agent ({@link SerialLanes}), and that agent's later pushes line up behind it, so an agent
 * still sees offered, answered, ended in that order. Everything else (the dashboard's steps, an
 * agent's pushes with no pop pending, a pop nobody would see or built without the database) is
 * published here at once: maps and channel writes, nothing that waits.
 */
public final class CallPushes implements CallListener {
    private final LiveEvents events;
    private final HotlineDesk desk;
    private final java.util.function.BooleanSupplier databaseOk;
    private final SerialLanes agents;

    /** Pops built on the calling thread (tests, tools: no AMI loop to keep free). */
    public CallPushes(LiveEvents events, HotlineDesk desk) {
        this(events, desk, () -> true, Runnable::run);
    }

    /**
     * {@code databaseOk}: false while the database is known to be away; the screen pop then goes
     * out at once without the caller's history instead of waiting on the database (issue 11).
     * {@code screenPops}: where a pop that reads the database is built (issue 14 item 4).
     */
    public CallPushes(
            LiveEvents events,
            HotlineDesk desk,
            java.util.function.BooleanSupplier databaseOk,
            java.util.concurrent.Executor screenPops) {
        this.events = events;
        this.desk = desk;
        this.databaseOk = databaseOk;
        this.agents = new SerialLanes(screenPops);
    }

    @Override
    public void callChanged(CallRecord call, TimelineEntry step) {
        // Issue 14 item 4: each event is built only when someone would receive it (an agent
        // logged in at that extension, a dashboard open): the screen pop's two database
        // look-ups and the maps cost nothing on a call nobody watches.
        switch (step.kind()) {
            case "offered" -> offer(call, step.agent());
            case "answered" ->
                toAgent(
                        call.agent(),
                        () -> events.publish("call.answered", null, call.agent(), () -> {
                            Map<String, Object> m = base(call);
                            m.put("agent", call.agent());
                            m.put("answeredAt", call.answeredAt());
                            return m;
                        }));
            case "ended" -> {
                if (call.agent() != null) {
                    toAgent(
                            call.agent(),
                            () -> events.publish("call.ended", null, call.agent(), () -> {
                                Map<String, Object> m = base(call);
                                m.put(
                                        "outcome",
                                        call.outcome() == null
                                                ? null
                                                : call.outcome().wireName());
                                m.put("endedAt", call.endedAt());
                                return m;
                            }));
                }
            }
            default -> {
                // queued, abandoned…: dashboard only (below)
            }
        }
        events.publish("call.updated", null, null, () -> {
            Map<String, Object> dash = base(call);
            dash.put("step", step.kind());
            dash.put("state", call.state().wireName());
            dash.put("agent", call.agent() != null ? call.agent() : step.agent());
            dash.put("outcome", call.outcome() == null ? null : call.outcome().wireName());
            return dash;
        });
    }

    /**
     * The screen pop to {@code agent}: off this thread when it would read the database for
     * someone, else here (nobody would receive it, or the database is away and it goes without the
     * caller's history).
     */
    private void offer(CallRecord call, String agent) {
        String lane = agent == null ? "" : agent;
        if (databaseOk.getAsBoolean() && events.reaches(null, agent)) {
            agents.hop(
                    lane,
                    () -> events.publish("call.offered", null, agent, () -> offered(call, databaseOk.getAsBoolean())));
        } else {
            agents.run(lane, () -> events.publish("call.offered", null, agent, () -> offered(call, false)));
        }
    }

    /** A push to {@code agent}'s session: at once, or behind a screen pop of theirs still being built. */
    private void toAgent(String agent, Runnable push) {
        agents.run(agent, push);
    }

    /** The screen pop: the caller's enterprise and recent calls (as an agent last recorded them), if {@code history}. */
    private Map<String, Object> offered(CallRecord call, boolean history) {
        Map<String, Object> m = base(call);
        m.put("enterprise", null);
        m.put("recentCalls", java.util.List.of());
        if (history) {
            try {
                var recent = desk.recentCalls(call.caller(), call.id());
                // The enterprise comes from a wrap-up of a call from this number: a number with no
                // other call, on a call nobody answered yet, has none, and the look-up is skipped
                // (issue 14 item 3: half the screen pop's reads on a desk of first-time callers).
                if (!recent.isEmpty() || call.answeredAt() != null) {
                    m.put("enterprise", desk.enterpriseOf(call.caller()).orElse(null)); // as an agent last recorded it
                }
                m.put("recentCalls", recent);
            } catch (RuntimeException e) {
                // The call is offered all the same; only its history is missing.
            }
        }
        m.put("queuedAt", call.queuedAt());
        return m;
    }

    private static Map<String, Object> base(CallRecord call) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", call.id());
        m.put("node", call.node()); // issue 14 item 6: which Asterisk node the call is on
        m.put("caller", call.caller());
        return m;
    }
}
