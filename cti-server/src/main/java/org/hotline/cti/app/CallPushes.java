package org.hotline.cti.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/**
 * Turns call steps into live events: {@code call.offered} to the ringing agent's session (with
 * the caller's recent calls for the screen pop), {@code call.answered} and {@code call.ended}
 * to the answering agent, and every step to the dashboard.
 */
public final class CallPushes implements CallListener {
    private final LiveEvents events;
    private final HotlineDesk desk;
    private final java.util.function.BooleanSupplier databaseOk;

    public CallPushes(LiveEvents events, HotlineDesk desk) {
        this(events, desk, () -> true);
    }

    /**
     * {@code databaseOk}: false while the database is known to be away; the screen pop then goes
     * out at once without the caller's history instead of waiting on the database (issue 11).
     */
    public CallPushes(LiveEvents events, HotlineDesk desk, java.util.function.BooleanSupplier databaseOk) {
        this.events = events;
        this.desk = desk;
        this.databaseOk = databaseOk;
    }

    @Override
    public void callChanged(CallRecord call, TimelineEntry step) {
        // Issue 14 item 4: each event is built only when someone would receive it (an agent
        // logged in at that extension, a dashboard open): the screen pop's two database
        // look-ups and the maps cost nothing on a call nobody watches.
        switch (step.kind()) {
            case "offered" -> events.publish("call.offered", null, step.agent(), () -> offered(call));
            case "answered" ->
                events.publish("call.answered", null, call.agent(), () -> {
                    Map<String, Object> m = base(call);
                    m.put("agent", call.agent());
                    m.put("answeredAt", call.answeredAt());
                    return m;
                });
            case "ended" -> {
                if (call.agent() != null) {
                    events.publish("call.ended", null, call.agent(), () -> {
                        Map<String, Object> m = base(call);
                        m.put(
                                "outcome",
                                call.outcome() == null ? null : call.outcome().wireName());
                        m.put("endedAt", call.endedAt());
                        return m;
                    });
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

    /** The screen pop: the caller's enterprise and recent calls (as an agent last recorded them). */
    private Map<String, Object> offered(CallRecord call) {
        Map<String, Object> m = base(call);
        m.put("enterprise", null);
        m.put("recentCalls", java.util.List.of());
        if (databaseOk.getAsBoolean()) {
            try {
                var recent = desk.recentCalls(call.caller(), call.id());
                // The enterprise comes from a wrap-up of a call from this number: a number with no
                // other call, on a call nobody answered yet, has none, and the look-up (a database
                // read on the call model's thread, ahead of every push behind it) is skipped
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
