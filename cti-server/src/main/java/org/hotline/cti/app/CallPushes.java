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
        switch (step.kind()) {
            case "offered" -> {
                Map<String, Object> m = base(call);
                m.put("enterprise", null);
                m.put("recentCalls", java.util.List.of());
                if (databaseOk.getAsBoolean()) {
                    try {
                        m.put(
                                "enterprise",
                                desk.enterpriseOf(call.caller()).orElse(null)); // as an agent last recorded it
                        m.put("recentCalls", desk.recentCalls(call.caller(), call.id()));
                    } catch (RuntimeException e) {
                        // The call is offered all the same; only its history is missing.
                    }
                }
                m.put("queuedAt", call.queuedAt());
                events.publish(LiveEvents.Event.toExtension("call.offered", m, step.agent()));
            }
            case "answered" -> {
                Map<String, Object> m = base(call);
                m.put("agent", call.agent());
                m.put("answeredAt", call.answeredAt());
                events.publish(LiveEvents.Event.toExtension("call.answered", m, call.agent()));
            }
            case "ended" -> {
                Map<String, Object> m = base(call);
                m.put("outcome", call.outcome() == null ? null : call.outcome().wireName());
                m.put("endedAt", call.endedAt());
                if (call.agent() != null) {
                    events.publish(LiveEvents.Event.toExtension("call.ended", m, call.agent()));
                }
            }
            default -> {
                // queued, abandoned…: dashboard only (below)
            }
        }
        Map<String, Object> dash = base(call);
        dash.put("step", step.kind());
        dash.put("state", call.state().wireName());
        dash.put("agent", call.agent() != null ? call.agent() : step.agent());
        dash.put("outcome", call.outcome() == null ? null : call.outcome().wireName());
        events.publish(LiveEvents.Event.broadcast("call.updated", dash));
    }

    private static Map<String, Object> base(CallRecord call) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", call.id());
        m.put("node", call.node()); // issue 14 item 6: which Asterisk node the call is on
        m.put("caller", call.caller());
        return m;
    }
}
