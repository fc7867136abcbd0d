package org.hotline.cti.app.callback;

import java.util.Map;
import java.util.concurrent.Executor;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.dial.ClickToCall;
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

    private final CallbackService callbacks;
    private final ClickToCall dialer;

    public CallbackDialer(CallbackService callbacks, ClickToCall dialer, Executor events) {
        this.callbacks = callbacks;
        this.dialer = dialer;
        dialer.onLegs(PREFIX, e -> events.execute(() -> onLeg(e)));
    }

    /** Rings {@code extension}, then the callback's number; returns the callback now dialling. */
    public Callback dial(long id, String extension) {
        ClickToCall.requireExtension(
                extension,
                "no phone extension to ring for callback " + id
                        + ": give {\"extension\": \"…\"} or assign a supervisor with one in the roster");
        dialer.requireConnected();
        Callback cb = callbacks.get(id);
        String leg = dialer.legId(PREFIX, id);
        cb = callbacks.dialStarted(id, leg, extension);
        try {
            dialer.ring(new ClickToCall.Call(
                    leg,
                    extension,
                    cb.number(),
                    "回拨 " + cb.number(),
                    Map.of("HOTLINE_CALLBACK_ID", Long.toString(id))));
        } catch (CtiException e) {
            callbacks.dialEnded(leg, "refused");
            throw e;
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
