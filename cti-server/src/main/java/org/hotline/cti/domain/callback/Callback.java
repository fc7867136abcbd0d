package org.hotline.cti.domain.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * R11: one caller number the enterprise desk did not answer, to be called back by the duty
 * supervisor within 24 hours of the first miss. Immutable: every transition returns the next
 * value, so the service can store it and tell listeners what changed. Repeated misses from the
 * same number fold into the one open callback; the supervisor and due time stay those of the
 * first miss.
 *
 * @param id          0 until stored
 * @param supervisor  the duty supervisor responsible (null only when the roster has nobody at all)
 * @param attempts    results recorded so far (each is one try to reach the caller)
 * @param dialLeg     the PBX leg of the click-to-call in progress, while {@link CallbackStatus#DIALLING}
 */
public record Callback(
        long id,
        String number,
        CallbackStatus status,
        String supervisor,
        String supervisorExtension,
        List<Miss> misses,
        Instant dueAt,
        int attempts,
        Instant lastAttemptAt,
        CallbackResult result,
        String note,
        String resultBy,
        Instant answeredAgainAt,
        String answeredAgainCallId,
        Instant closedAt,
        String dialLeg,
        String dialExtension,
        String lastDial) {

    /** R11: the duty supervisor calls back within 24 h of the (first) missed call. */
    public static final Duration DUE_AFTER = Duration.ofHours(24);

    public Callback {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        if (misses.isEmpty()) {
            throw new IllegalArgumentException("a callback needs at least one missed call");
        }
        List<Miss> sorted = new ArrayList<>(misses);
        sorted.sort(Comparator.comparing(Miss::at));
        misses = List.copyOf(sorted);
    }

    /** A new pending callback for a first miss, owned by {@code owner} (may be null: nobody on the roster). */
    public static Callback open(String number, Miss first, Assignment owner) {
        return new Callback(
                0,
                number,
                CallbackStatus.PENDING,
                owner == null ? null : owner.name(),
                owner == null ? null : owner.extension(),
                List.of(first),
                first.at().plus(DUE_AFTER),
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** Who a callback goes to: the duty supervisor's name and phone extension. */
    public record Assignment(String name, String extension) {}

    public Instant firstMissAt() {
        return misses.get(0).at();
    }

    public Instant lastMissAt() {
        return misses.get(misses.size() - 1).at();
    }

    public int missCount() {
        return misses.size();
    }

    public boolean hasMiss(String callId) {
        return misses.stream().anyMatch(m -> m.callId().equals(callId));
    }

    /** R11: still to do and past the deadline (24 h after the first miss). */
    public boolean overdue(Instant now) {
        return status.open() && now.isAfter(dueAt);
    }

    public Callback withId(long newId) {
        return new Callback(
                newId,
                number,
                status,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts,
                lastAttemptAt,
                result,
                note,
                resultBy,
                answeredAgainAt,
                answeredAgainCallId,
                closedAt,
                dialLeg,
                dialExtension,
                lastDial);
    }

    /** Another miss from the same number: counted once per call; owner and due time stay the first miss's. */
    public Callback fold(Miss miss) {
        if (!status.open()) {
            throw new IllegalStateException(
                    "callback " + id + " is " + status.wireName() + "; a new miss opens a new one");
        }
        if (hasMiss(miss.callId())) {
            return this;
        }
        List<Miss> more = new ArrayList<>(misses);
        more.add(miss);
        return new Callback(
                id,
                number,
                status,
                supervisor,
                supervisorExtension,
                more,
                dueAt,
                attempts,
                lastAttemptAt,
                result,
                note,
                resultBy,
                answeredAgainAt,
                answeredAgainCallId,
                closedAt,
                dialLeg,
                dialExtension,
                lastDial);
    }

    /**
     * The number called again after its first miss and an agent answered: marked for the
     * supervisor (who may close it), not closed by itself, since the caller may still expect the
     * result of the first request.
     */
    public Callback answeredAgain(String callId, Instant at) {
        if (!status.open() || answeredAgainAt != null || at.isBefore(firstMissAt())) {
            return this;
        }
        return new Callback(
                id,
                number,
                status,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts,
                lastAttemptAt,
                result,
                note,
                resultBy,
                at,
                callId,
                closedAt,
                dialLeg,
                dialExtension,
                lastDial);
    }

    /** Click-to-call started on {@code leg}, ringing {@code extension} first. */
    public Callback dialling(String leg, String extension) {
        requireOpen();
        if (status == CallbackStatus.DIALLING) {
            throw new CtiException(
                    ErrorId.CALLBACK_BUSY, "callback " + id + " is being dialled already (from " + dialExtension + ")");
        }
        return new Callback(
                id,
                number,
                CallbackStatus.DIALLING,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts,
                lastAttemptAt,
                result,
                note,
                resultBy,
                answeredAgainAt,
                answeredAgainCallId,
                closedAt,
                leg,
                extension,
                lastDial);
    }

    /**
     * The click-to-call leg is over ({@code how}: ended, supervisor-no-answer, supervisor-busy…):
     * back to pending until the supervisor records the result. A leg that is not ours changes nothing.
     */
    public Callback dialEnded(String leg, String how) {
        if (dialLeg == null || !dialLeg.equals(leg)) {
            return this;
        }
        CallbackStatus next = status == CallbackStatus.DIALLING ? CallbackStatus.PENDING : status;
        return new Callback(
                id,
                number,
                next,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts,
                lastAttemptAt,
                result,
                note,
                resultBy,
                answeredAgainAt,
                answeredAgainCallId,
                closedAt,
                null,
                null,
                how);
    }

    /**
     * R11: the supervisor records what came of a try. reached closes it (the result was told to the
     * caller); no-answer keeps it open and counts the attempt; wrong-number closes it, flagged.
     */
    public Callback record(CallbackResult r, String text, String by, Instant now) {
        requireOpen();
        if (r == CallbackResult.ANSWERED_AGAIN || r == CallbackResult.NOT_MISSED) {
            throw new CtiException(ErrorId.BAD_RESULT, r.wireName() + " is set by the CTI, not recorded as a result");
        }
        CallbackStatus next = switch (r) {
            case REACHED -> CallbackStatus.REACHED;
            case WRONG_NUMBER -> CallbackStatus.CLOSED;
            default -> status; // no-answer: still open (and still dialling if the leg is up)
        };
        Instant closed = next.open() ? null : now;
        return new Callback(
                id,
                number,
                next,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts + 1,
                now,
                r,
                text,
                by,
                answeredAgainAt,
                answeredAgainCallId,
                closed,
                dialLeg,
                dialExtension,
                lastDial);
    }

    /** Closes a callback whose number called again and was answered; refused if it did not. */
    public Callback closeAnsweredAgain(String text, String by, Instant now) {
        requireOpen();
        if (answeredAgainAt == null) {
            throw new CtiException(
                    ErrorId.NOT_CALLED_AGAIN,
                    "callback " + id + ": " + number
                            + " has not called again and been answered; record a result instead");
        }
        return new Callback(
                id,
                number,
                CallbackStatus.CLOSED,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts,
                lastAttemptAt,
                CallbackResult.ANSWERED_AGAIN,
                text,
                by,
                answeredAgainAt,
                answeredAgainCallId,
                now,
                dialLeg,
                dialExtension,
                lastDial);
    }

    /** The same callback with one miss's reason corrected from the PBX's records. */
    public Callback withMissReason(String callId, String reason) {
        List<Miss> corrected = misses.stream()
                .map(m -> m.callId().equals(callId) ? new Miss(m.callId(), m.at(), reason) : m)
                .toList();
        return new Callback(
                id,
                number,
                status,
                supervisor,
                supervisorExtension,
                corrected,
                dueAt,
                attempts,
                lastAttemptAt,
                result,
                note,
                resultBy,
                answeredAgainAt,
                answeredAgainCallId,
                closedAt,
                dialLeg,
                dialExtension,
                lastDial);
    }

    /**
     * True when nothing is left to do for the caller once {@code callId} turned out to be answered:
     * it was the only miss and the supervisor has not started (no attempt, not dialling).
     */
    public boolean onlyUntouchedMiss(String callId) {
        return status == CallbackStatus.PENDING && attempts == 0 && misses.size() == 1 && hasMiss(callId);
    }

    /** Closed by the CTI: the PBX's records show the only missed call was answered after all. */
    public Callback closeNotMissed(String text, Instant now) {
        requireOpen();
        return new Callback(
                id,
                number,
                CallbackStatus.CLOSED,
                supervisor,
                supervisorExtension,
                misses,
                dueAt,
                attempts,
                lastAttemptAt,
                CallbackResult.NOT_MISSED,
                text,
                "cti",
                answeredAgainAt,
                answeredAgainCallId,
                now,
                dialLeg,
                dialExtension,
                lastDial);
    }

    private void requireOpen() {
        if (!status.open()) {
            throw new CtiException(
                    ErrorId.CALLBACK_CLOSED,
                    "callback " + id + " is " + status.wireName()
                            + (result == null ? "" : " (" + result.wireName() + ")"));
        }
    }
}
