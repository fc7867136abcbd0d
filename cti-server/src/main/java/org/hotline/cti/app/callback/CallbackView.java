package org.hotline.cti.app.callback;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.Miss;

/** A callback as the API lists it and live events push it, with the overdue flag as of now (R11). */
public final class CallbackView {
    private CallbackView() {}

    public static Map<String, Object> of(Callback cb, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", cb.id());
        m.put("number", cb.number());
        m.put("status", cb.status().wireName());
        m.put("supervisor", cb.supervisor());
        m.put("supervisorExtension", cb.supervisorExtension());
        m.put("firstMissAt", cb.firstMissAt());
        m.put("lastMissAt", cb.lastMissAt());
        m.put("missCount", cb.missCount());
        m.put("misses", misses(cb.misses()));
        m.put("dueAt", cb.dueAt());
        m.put("overdue", cb.overdue(now));
        m.put("attempts", cb.attempts());
        m.put("lastAttemptAt", cb.lastAttemptAt());
        m.put("result", cb.result() == null ? null : cb.result().wireName());
        m.put("note", cb.note());
        m.put("resultBy", cb.resultBy());
        m.put("answeredAgain", cb.answeredAgainAt() != null);
        m.put("answeredAgainAt", cb.answeredAgainAt());
        m.put("answeredAgainCallId", cb.answeredAgainCallId());
        m.put("closedAt", cb.closedAt());
        m.put("dialExtension", cb.dialExtension());
        m.put("lastDial", cb.lastDial());
        return m;
    }

    private static List<Map<String, Object>> misses(List<Miss> misses) {
        return misses.stream()
                .map(x -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("callId", x.callId());
                    m.put("at", x.at());
                    m.put("reason", x.reason());
                    return m;
                })
                .toList();
    }
}
