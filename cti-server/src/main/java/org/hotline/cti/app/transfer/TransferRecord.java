package org.hotline.cti.app.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.hotline.cti.domain.transfer.FailureCause;
import org.hotline.cti.domain.transfer.TransferAttempt;
import org.hotline.cti.domain.transfer.TransferOutcome;

/**
 * A transfer attempt as stored, listed and pushed (the agent protocol's transfer object). The state
 * and cause are the domain's own enums (the store and the JSON views spell them by their wire
 * names); the {@link #outcome()} follows from the state, so the two can never disagree.
 *
 * @param cause why it failed; null unless {@code state} is {@link TransferAttempt.State#FAILED}
 */
public record TransferRecord(
        long id,
        String callId,
        String caller,
        String matter,
        String matterName,
        String department,
        String departmentName,
        String room,
        String requestedBy,
        Instant requestedAt,
        TransferAttempt.State state,
        FailureCause cause,
        String target,
        Instant connectedAt,
        Instant endedAt,
        String overrideBy,
        String overrideReason,
        Long workOrderId) {

    public TransferRecord {
        Objects.requireNonNull(state, "state");
        if (cause != null && state != TransferAttempt.State.FAILED) {
            throw new IllegalArgumentException(
                    "transfer T" + id + ": a cause (" + cause.id() + ") needs state failed, was " + state.wireName());
        }
    }

    public String ref() {
        return "T" + id;
    }

    /** {@code connected} or {@code failed} once finished; null while in progress. */
    public TransferOutcome outcome() {
        return state.outcome().orElse(null);
    }

    /** Seconds from request to the specialist joining, for connected attempts. */
    public Double setupSeconds() {
        return connectedAt == null
                ? null
                : Duration.between(requestedAt, connectedAt).toMillis() / 1000.0;
    }

    public boolean finished() {
        return state.finished();
    }

    public boolean connected() {
        return state == TransferAttempt.State.CONNECTED;
    }

    TransferRecord with(
            TransferAttempt.State state,
            FailureCause cause,
            String target,
            Instant connectedAt,
            Instant endedAt,
            Long workOrderId) {
        return new TransferRecord(
                id,
                callId,
                caller,
                matter,
                matterName,
                department,
                departmentName,
                room,
                requestedBy,
                requestedAt,
                state,
                cause,
                target,
                connectedAt,
                endedAt,
                overrideBy,
                overrideReason,
                workOrderId);
    }

    TransferRecord withWorkOrder(String target, Long workOrderId) {
        return with(state, cause, target, connectedAt, endedAt, workOrderId);
    }

    /** This draft as stored: with the id the store gave it and the room that id gives it. */
    public TransferRecord numbered(long newId, String newRoom) {
        return new TransferRecord(
                newId,
                callId,
                caller,
                matter,
                matterName,
                department,
                departmentName,
                newRoom,
                requestedBy,
                requestedAt,
                state,
                cause,
                target,
                connectedAt,
                endedAt,
                overrideBy,
                overrideReason,
                workOrderId);
    }
}
