package org.hotline.cti.app.rotation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.dial.ClickToCall;
import org.hotline.cti.app.port.OutreachCallStore;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.OutreachCall;
import org.hotline.cti.domain.rotation.PhoneNumber;
import org.hotline.cti.domain.rotation.RotationSession;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R5 online policy interpretation and application help by phone during a rotation session: the
 * department (or an agent) clicks to call a market entity with the callbacks' dialer (their own
 * phone first, then the entity's), and records the result per entity; a call that reached the
 * entity serves it in the session (counted once per entity towards 50).
 */
public final class OutreachCalls {
    private static final Logger log = LoggerFactory.getLogger(OutreachCalls.class);
    /** Legs we ring are named oc-ID-SEQ, so their events find the call. */
    private static final String PREFIX = "oc-";

    private final RotationService rotation;
    private final OutreachCallStore store;
    private final ClickToCall dialer;
    private final Clock clock;

    public OutreachCalls(
            RotationService rotation, OutreachCallStore store, ClickToCall dialer, Executor events, Clock clock) {
        this.rotation = rotation;
        this.store = store;
        this.dialer = dialer;
        this.clock = clock;
        dialer.onLegs(PREFIX, e -> events.execute(() -> onLeg(e)));
    }

    /** A call to place: the entity, its number, interpretation or application help, whose phone rings first. */
    public record Request(
            String entity, String creditCode, String phone, String kind, String extension, String department) {}

    /** Rings {@code extension}, then the entity; returns the call, now dialling (R5). */
    public OutreachCall dial(Request r, String by) {
        RotationSession s = rotation.requireSession();
        MarketEntity entity = RotationService.entity(r.entity(), r.creditCode());
        String phone = phone(r.phone());
        ServiceKind kind = ServiceKind.fromWire(r.kind() == null ? "" : r.kind())
                .filter(k -> k == ServiceKind.INTERPRETATION || k == ServiceKind.APPLICATION_HELP)
                .orElseThrow(() -> new CtiException(
                        ErrorId.UNKNOWN_KIND,
                        "kind must be interpretation or application-help, was '" + r.kind() + "'"));
        String ext = ClickToCall.requireExtension(
                r.extension(), "give the phone extension to ring first: {\"extension\": \"7101\"}");
        dialer.requireConnected();
        Instant now = clock.instant();
        String leg = dialer.legId(PREFIX, s.slot().date().toString().replace("-", ""));
        OutreachCall call = store.create(new OutreachCall(
                0,
                s.slot().date(),
                entity,
                phone,
                kind,
                r.department(),
                by,
                ext,
                leg,
                "dialling",
                now,
                null,
                null,
                null));
        try {
            dialer.ring(new ClickToCall.Call(
                    leg,
                    ext,
                    phone,
                    kind.label() + " " + (entity.name() != null ? entity.name() : entity.creditCode()),
                    Map.of("HOTLINE_ROTATION_CALL", Long.toString(call.id()))));
        } catch (CtiException e) {
            store.legStatus(leg, "failed-refused");
            throw e;
        }
        log.info("rotation call {}: ringing {} to call {} ({}, R5)", call.id(), ext, phone, kind.wireName());
        return call;
    }

    /**
     * R5: what came of call {@code id}. {@code reached} serves the entity in the call's session
     * (even when the result is noted after 11:30); a call has one result (409 wrong-state after).
     */
    public OutreachCall result(long id, String result, String note, String by) {
        OutreachCall c = get(id);
        OutreachCall.Result r = OutreachCall.Result.fromWire(result == null ? "" : result)
                .orElseThrow(() -> new CtiException(
                        ErrorId.BAD_RESULT, "result must be reached, no-answer or wrong-number, was '" + result + "'"));
        if (c.result() != null) {
            throw new CtiException(ErrorId.WRONG_STATE, "rotation call " + id + " already has its result");
        }
        if (note != null && note.length() > 2000) {
            throw new CtiException(ErrorId.FIELD_TOO_LONG, "note is longer than 2000 characters");
        }
        Instant now = clock.instant();
        store.result(id, r, note, now);
        if (r == OutreachCall.Result.REACHED) {
            rotation.servedIn(c.session(), c.entity(), c.kind(), note, by, c.department());
        }
        return store.get(id).orElseThrow();
    }

    public OutreachCall get(long id) {
        return store.get(id).orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_CALL, "no rotation call " + id));
    }

    public List<OutreachCall> list(java.time.LocalDate session) {
        return store.bySession(session);
    }

    /** {@code bad-phone} unless the number is one a PBX or an SMS gateway can dial. */
    public static String phone(String raw) {
        return PhoneNumber.normalize(raw)
                .orElseThrow(() -> new CtiException(
                        ErrorId.BAD_PHONE, "'" + raw + "' is not a phone number (e.g. 13800000001, 0451-1234567)"));
    }

    private void onLeg(Telephony.LegEvent e) {
        try {
            switch (e.kind()) {
                case FAILED ->
                    store.legStatus(
                            e.legId(),
                            "failed-"
                                    + (e.cause() == null ? "failed" : e.cause().id()));
                case ENDED -> store.legStatus(e.legId(), "ended");
                case ANSWERED -> store.legStatus(e.legId(), "answered");
                default -> {}
            }
        } catch (RuntimeException ex) {
            log.warn("rotation call leg {} {}: {}", e.legId(), e.kind(), ex.getMessage());
        }
    }
}
