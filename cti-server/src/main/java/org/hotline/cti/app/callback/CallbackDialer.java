package org.hotline.cti.app.callback;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.callback.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call for a callback (R11). The supervisor's own phone rings first; only when they pick
 * up does the PBX dial the enterprise (dialplan context {@code callback}). That is what a
 * supervisor expects from a "call back" button: their phone rings at once, they hear the
 * enterprise ringing, and the enterprise is never answered by silence if the supervisor walked away.
 */
public final class CallbackDialer {
    private static final Logger log = LoggerFactory.getLogger(CallbackDialer.class);
    /** Legs we ring are named cb-ID-SEQ, so their events find the callback. */
    private static final String PREFIX = "cb-";

    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);

    private final CallbackService callbacks;
    private final Telephony telephony;
    private final Duration ringTimeout;
    private final String context;
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() % 100_000);

    public CallbackDialer(
            CallbackService callbacks, Telephony telephony, Duration ringTimeout, String context, Executor events) {
        this.callbacks = callbacks;
        this.telephony = telephony;
        this.ringTimeout = ringTimeout;
        this.context = context;
        telephony.addLegListener(e -> {
            if (e.legId().startsWith(PREFIX)) {
                events.execute(() -> onLeg(e));
            }
        });
    }

    /** Rings {@code extension}, then the callback's number; returns the callback now dialling. */
    public Callback dial(long id, String extension) {
        if (extension == null || !extension.matches("[0-9A-Za-z]{2,20}")) {
            throw new CtiException(
                    ErrorId.NO_EXTENSION,
                    "no phone extension to ring for callback " + id
                            + ": give {\"extension\": \"…\"} or assign a supervisor with one in the roster");
        }
        if (!telephony.connected()) {
            throw new CtiException(ErrorId.AMI_DISCONNECTED, "the PBX is not connected; try again shortly");
        }
        Callback cb = callbacks.get(id);
        String leg = PREFIX + id + "-" + seq.incrementAndGet();
        cb = callbacks.dialStarted(id, leg, extension);
        Telephony.Leg ring = new Telephony.Leg(
                leg,
                "PJSIP/" + extension,
                ringTimeout,
                context,
                cb.number(),
                "回拨 " + cb.number(),
                cb.number(),
                Map.of("HOTLINE_CALLBACK_ID", Long.toString(id)));
        try {
            telephony.ring(ring).get(ACCEPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            callbacks.dialEnded(leg, "refused");
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof CtiException ce
                    ? ce
                    : new CtiException(
                            ErrorId.ORIGINATE_REFUSED, "PBX did not ring " + extension + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callbacks.dialEnded(leg, "refused");
            throw new CtiException(ErrorId.ORIGINATE_REFUSED, "interrupted while ringing " + extension);
        }
        log.info("callback {}: ringing supervisor {} to call {}", id, extension, cb.number());
        return cb;
    }

    private void onLeg(Telephony.LegEvent e) {
        try {
            switch (e.kind()) {
                case FAILED ->
                    callbacks.dialEnded(
                            e.legId(),
                            "supervisor-"
                                    + (e.cause() == null ? "failed" : e.cause().id()));
                case ENDED -> callbacks.dialEnded(e.legId(), "ended");
                default -> {} // ringing / answered: the callback is dialling either way
            }
        } catch (RuntimeException ex) {
            log.warn("callback leg {} {}: {}", e.legId(), e.kind(), ex.getMessage());
        }
    }
}
