package org.hotline.cti.app.dialtest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.app.port.Telephony.Leg;
import org.hotline.cti.app.port.Telephony.LegEvent;
import org.hotline.cti.domain.dialtest.DialTestResult;

/**
 * Dials one number into the PBX's {@code dial-test} context and reports whether it answered
 * within the ring timeout (R8). An answered test is hung up at once: the point is that the line
 * works, not to keep a specialist on it.
 */
final class DialTestProbe implements Telephony.LegListener {
    /** Beyond the ring timeout, how long we wait for the PBX to report before calling it a timeout. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private record Pending(
            CompletableFuture<DialTestResult> future,
            String runId,
            String department,
            String number,
            Instant started) {}

    private final Telephony pbx;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    DialTestProbe(Telephony pbx, Clock clock) {
        this.pbx = pbx;
        this.clock = clock;
        pbx.addLegListener(this);
    }

    CompletableFuture<DialTestResult> dial(
            String runId,
            String legId,
            String department,
            String number,
            String target,
            Duration ringTimeout,
            String callerIdName,
            String callerIdNumber) {
        Pending p = new Pending(new CompletableFuture<>(), runId, department, number, clock.instant());
        pending.put(legId, p);
        Leg leg = new Leg(legId, target, ringTimeout, "dial-test", "answered", callerIdName, callerIdNumber, Map.of());
        pbx.ring(leg).whenComplete((v, e) -> {
            if (e != null) {
                finish(legId, false, pbx.connected() ? "unavailable" : "pbx-unreachable");
            }
        });
        CompletableFuture.delayedExecutor(ringTimeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (pending.containsKey(legId)) {
                        finish(legId, false, "timeout");
                        pbx.hangUp(legId);
                    }
                });
        return p.future();
    }

    @Override
    public void onLeg(LegEvent e) {
        switch (e.kind()) {
            case ANSWERED -> {
                if (finish(e.legId(), true, null)) {
                    pbx.hangUp(e.legId());
                }
            }
            case FAILED ->
                finish(
                        e.legId(),
                        false,
                        e.cause() == null ? "unavailable" : e.cause().id());
            default -> {
                // RINGING says nothing yet; ENDED/JOINED come after the answer we already took
            }
        }
    }

    private boolean finish(String legId, boolean answered, String cause) {
        Pending p = pending.remove(legId);
        if (p == null) {
            return false;
        }
        Instant now = clock.instant();
        p.future()
                .complete(new DialTestResult(
                        p.runId(),
                        p.department(),
                        p.number(),
                        p.started(),
                        now,
                        answered,
                        answered ? null : cause,
                        answered ? Duration.between(p.started(), now) : null));
        return true;
    }
}
