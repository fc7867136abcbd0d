package org.hotline.cti.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent load test expects to be pushed, and when each push arrived: for every call step
 * the AMI event's write time is noted under "callId|type"; a push that matches it records the
 * latency (after the warm-up), one log per audience (agents, dashboard).
 */
final class PushLog {
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    private static final Pattern CALL_ID = Pattern.compile("\"callId\":\"([^\"]+)\"");
    private static final Pattern STEP = Pattern.compile("\"step\":\"([^\"]+)\"");

    final Latencies agentLatency = new Latencies();
    final Latencies dashLatency = new Latencies();
    /** "callId|step" → nanoTime the AMI event was written, one map per audience. */
    final Map<String, Long> agentDue = new ConcurrentHashMap<>();

    final Map<String, Long> dashDue = new ConcurrentHashMap<>();
    final AtomicLong agentPushes = new AtomicLong();
    final AtomicLong dashFrames = new AtomicLong();
    final AtomicLong liveFrames = new AtomicLong();
    final AtomicLong liveBytes = new AtomicLong();
    final AtomicBoolean measuring = new AtomicBoolean();

    /** A call step's AMI events were written at {@code nanos}; {@code mark} is {audience, key}. */
    void expect(String[] mark, long nanos) {
        (mark[0].equals("agent") ? agentDue : dashDue).put(mark[1], nanos);
    }

    boolean allArrived() {
        return agentDue.isEmpty() && dashDue.isEmpty();
    }

    static String type(String json) {
        return first(TYPE, json);
    }

    /** A call push read by an agent at {@code now}. */
    void agentPush(String type, String json, long now) {
        agentPushes.incrementAndGet();
        Long sent = agentDue.remove(first(CALL_ID, json) + "|" + type);
        if (sent != null && measuring.get()) {
            agentLatency.record(type, now - sent);
        }
    }

    /** A dashboard {@code call.updated} frame read at {@code now}. */
    void callUpdated(String frame, long now) {
        String step = first(STEP, frame);
        Long sent = dashDue.remove(first(CALL_ID, frame) + "|" + step);
        if (sent != null && measuring.get()) {
            dashLatency.record("call.updated/" + step, now - sent);
        }
    }

    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }
}
