package org.hotline.cti.app.dial;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.Telephony;

/**
 * Click-to-call, as the hotline's callbacks (R11), return visits (R17) and rotation calls to market
 * entities (R5) all do it: the user's own phone rings first, and only when they pick up does the
 * PBX dial the enterprise (dialplan context {@code callback}), so an enterprise is never answered by
 * silence. One place for the extension check, the PBX check, the leg's name and the mapping of a
 * refused or slow originate to {@code originate-refused}.
 */
public final class ClickToCall {
    /** How long the PBX may take to accept the originate (not to answer it). */
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z]{2,20}");

    private final Telephony telephony;
    private final Duration ringTimeout;
    private final String context;
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() % 100_000);

    public ClickToCall(Telephony telephony, Duration ringTimeout, String context) {
        this.telephony = telephony;
        this.ringTimeout = ringTimeout;
        this.context = context;
    }

    /** What to ring: the user's {@code extension}, then {@code number} with the shown caller name. */
    public record Call(
            String legId, String extension, String number, String callerIdName, Map<String, String> variables) {}

    /** {@code no-extension} with {@code hint} unless {@code extension} is a phone extension. */
    public static String requireExtension(String extension, String hint) {
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new CtiException(ErrorId.NO_EXTENSION, hint);
        }
        return extension;
    }

    /** {@code ami-disconnected} while the PBX is away: nothing is recorded as dialling then. */
    public void requireConnected() {
        if (!telephony.connected()) {
            throw new CtiException(ErrorId.AMI_DISCONNECTED, "the PBX is not connected; try again shortly");
        }
    }

    /** A fresh leg name {@code prefix-id-N}; leg events carry it back to whoever rang. */
    public String legId(String prefix, Object id) {
        return prefix + id + "-" + seq.incrementAndGet();
    }

    /**
     * Asks the PBX to ring the call's extension, waiting only until it accepts; a refusal or no
     * answer from the PBX within 10 s is {@code originate-refused} (or the PBX's own error).
     */
    public void ring(Call call) {
        Telephony.Leg leg = new Telephony.Leg(
                call.legId(),
                "PJSIP/" + call.extension(),
                ringTimeout,
                context,
                call.number(),
                call.callerIdName(),
                call.number(),
                call.variables());
        try {
            telephony.ring(leg).get(ACCEPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof CtiException ce
                    ? ce
                    : new CtiException(
                            ErrorId.ORIGINATE_REFUSED,
                            "PBX did not ring " + call.extension() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtiException(ErrorId.ORIGINATE_REFUSED, "interrupted while ringing " + call.extension());
        }
    }

    /** Leg events of the legs this helper named with {@code prefix}, handed to {@code listener}. */
    public void onLegs(String prefix, Telephony.LegListener listener) {
        telephony.addLegListener(e -> {
            if (e.legId().startsWith(prefix)) {
                listener.onLeg(e);
            }
        });
    }
}
