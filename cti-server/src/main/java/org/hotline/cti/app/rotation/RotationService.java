package org.hotline.cti.app.rotation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.RotationStore;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.rotation.EntityServed;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.RotationSchedule;
import org.hotline.cti.domain.rotation.RotationSession;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.hotline.cti.domain.rotation.SessionSlot;
import org.hotline.cti.domain.rotation.SignIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation sessions (R4, R5): specialists sign in, and the market entities served are recorded,
 * only while a session is in progress ({@code outside-rotation-session} otherwise). The roster in
 * force is read on every call, so a reloaded roster.yaml or calendar applies at once.
 */
public final class RotationService {
    private static final Logger log = LoggerFactory.getLogger(RotationService.class);

    private final Supplier<Roster> roster;
    private final RotationStore store;
    private final Clock clock;
    private final LiveEvents events;
    /** The session last read or written; the dashboard asks for it on every stats push. */
    private RotationSession cached;

    public RotationService(Supplier<Roster> roster, RotationStore store, LiveEvents events, Clock clock) {
        this.roster = roster;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** The session on {@code date}, with what was recorded; empty when that day has none (R4). */
    public synchronized Optional<RotationSession> session(LocalDate date) {
        return schedule().sessionOn(date).map(this::load);
    }

    /** The session in progress, or else the next one (nothing recorded yet). */
    public synchronized Optional<RotationSession> current() {
        return schedule().currentOrNext(clock.instant()).map(this::load);
    }

    /** The session in progress now, if any. */
    public synchronized Optional<RotationSession> inProgress() {
        return schedule().inProgress(clock.instant()).map(this::load);
    }

    /**
     * R4: a specialist signs in. A department user signs in as themself; anyone else names a
     * specialist on today's rotation duty (the softphone sends the name).
     */
    public synchronized RotationSession signIn(String specialist, String department) {
        RotationSession s = requireInProgress();
        Instant now = clock.instant();
        String dept = department;
        if (dept == null) {
            dept = roster.get().duties().stream()
                    .filter(d -> d.specialist().equals(specialist)
                            && d.appliesOn(s.slot().date()))
                    .map(RotationDuty::department)
                    .findFirst()
                    .orElseThrow(() -> new CtiException(
                            ErrorId.UNKNOWN_SPECIALIST,
                            "'" + specialist + "' is not on rotation duty on "
                                    + s.slot().date() + " (roster.yaml)"));
        }
        if (s.signedIn(specialist)) {
            return s;
        }
        SignIn in = new SignIn(specialist, dept, now);
        store.saveSignIn(s.slot().date(), in);
        cached = s.withSignIn(in);
        announce(cached);
        log.info("rotation {}: {} ({}) signed in", s.slot().date(), specialist, dept);
        return cached;
    }

    /**
     * R4: a specialist on the session's rotation duty (roster.yaml) signs in by name: from the
     * softphone (an agent names them) or from the department's page, where {@code ofDepartment} is
     * the user's own department and only its specialists may be named ({@code wrong-department}).
     */
    public synchronized RotationSession signInOnDuty(String specialist, String ofDepartment) {
        RotationSession s = requireInProgress();
        RotationDuty duty = onDuty(s.slot().date()).stream()
                .filter(d -> d.specialist().equals(specialist))
                .findFirst()
                .orElseThrow(() -> new CtiException(
                        ErrorId.UNKNOWN_SPECIALIST,
                        "'" + specialist + "' is not on rotation duty on "
                                + s.slot().date() + " (roster.yaml)"));
        if (ofDepartment != null && !ofDepartment.equals(duty.department())) {
            throw new CtiException(
                    ErrorId.WRONG_DEPARTMENT,
                    "'" + specialist + "' sits for " + duty.department() + ", not " + ofDepartment);
        }
        return signIn(specialist, duty.department());
    }

    /** R4: the specialists on rotation duty on {@code date} (roster.yaml), in the roster's order. */
    public List<RotationDuty> onDuty(LocalDate date) {
        return roster.get().duties().stream().filter(d -> d.appliesOn(date)).toList();
    }

    /** R5: a market entity served in the session in progress, for no particular department. */
    public RotationSession served(String name, String creditCode, String kind, String note, String by) {
        return served(name, creditCode, kind, note, by, null);
    }

    /** R5: a market entity served in the session in progress, for {@code department} (may be null). */
    public synchronized RotationSession served(
            String name, String creditCode, String kind, String note, String by, String department) {
        RotationSession s = requireInProgress();
        ServiceKind k = ServiceKind.fromWire(kind == null ? "" : kind)
                .orElseThrow(() -> new CtiException(
                        ErrorId.UNKNOWN_KIND,
                        "kind must be policy-push, interpretation, application-help or survey, was '" + kind + "'"));
        return record(s, entity(name, creditCode), k, note, by, department);
    }

    /**
     * R5: a service that began in the session of {@code session} and ends after it perhaps (a push
     * delivered at 11:40, a call's result noted after 11:30) counts for that session.
     */
    public synchronized RotationSession servedIn(
            LocalDate session, MarketEntity entity, ServiceKind kind, String note, String by, String department) {
        RotationSession s = session(session)
                .orElseThrow(() -> new CtiException(
                        ErrorId.OUTSIDE_ROTATION_SESSION, "there is no rotation session on " + session));
        return record(s, entity, kind, note, by, department);
    }

    /** {@code bad-entity} unless a name or a credit code names the market entity. */
    public static MarketEntity entity(String name, String creditCode) {
        try {
            return new MarketEntity(name, creditCode);
        } catch (IllegalArgumentException e) {
            throw new CtiException(ErrorId.BAD_ENTITY, e.getMessage());
        }
    }

    private RotationSession record(
            RotationSession s, MarketEntity entity, ServiceKind k, String note, String by, String department) {
        if (note != null && note.length() > 2000) {
            throw new CtiException(ErrorId.FIELD_TOO_LONG, "note is longer than 2000 characters");
        }
        EntityServed e = new EntityServed(entity, k, note, by, department, clock.instant());
        store.saveService(s.slot().date(), e);
        RotationSession next = s.withService(e);
        if (cached == null || cached.slot().equals(next.slot())) {
            cached = next;
        }
        announce(next);
        return next;
    }

    /** The session in progress now (R4), or {@code outside-rotation-session}. */
    public RotationSession requireSession() {
        return requireInProgress();
    }

    /** R5: the session on {@code date} as counted against the target, for the daily figures; empty without one. */
    public Optional<Map<String, Object>> figures(LocalDate date) {
        return session(date).map(s -> figures(s, clock.instant()));
    }

    /** R5: a session's count of distinct market entities against the target, without the lists. */
    public static Map<String, Object> figures(RotationSession s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", s.slot().date().toString());
        m.put("start", s.slot().start().toString());
        m.put("end", s.slot().end().toString());
        m.put("inProgress", s.slot().inProgress(now));
        m.put("signedIn", s.signIns().size());
        m.put("served", s.servedCount());
        m.put("target", RotationSession.TARGET);
        m.put("met", s.targetMet());
        return m;
    }

    /** Tells the dashboards (their stats follow any event, so 轮值 x/50 moves at once). */
    private void announce(RotationSession s) {
        events.publish(LiveEvents.Event.broadcast("rotation", figures(s, clock.instant())));
    }

    private RotationSession requireInProgress() {
        return inProgress()
                .orElseThrow(() -> new CtiException(
                        ErrorId.OUTSIDE_ROTATION_SESSION,
                        "no rotation session is in progress (R4: Tuesdays and Fridays "
                                + roster.get().rules().hours() + " on working days)"));
    }

    private RotationSchedule schedule() {
        return new RotationSchedule(roster.get());
    }

    private RotationSession load(SessionSlot slot) {
        if (cached != null && cached.slot().equals(slot)) {
            return cached;
        }
        RotationSession s = new RotationSession(slot, store.signIns(slot.date()), store.services(slot.date()));
        cached = s;
        return s;
    }
}
