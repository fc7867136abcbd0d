package org.hotline.cti.app.transfer;

import java.time.Duration;
import java.time.Instant;

/**
 * A transfer attempt as stored, listed and pushed (the agent protocol's transfer object).
 * {@code outcome} is null while in progress, then {@code connected} or {@code failed}.
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
        String state,
        String outcome,
        String cause,
        String target,
        Instant connectedAt,
        Instant endedAt,
        String overrideBy,
        String overrideReason,
        Long workOrderId) {

    public String ref() {
        return "T" + id;
    }

    /** Seconds from request to the specialist joining, for connected attempts. */
    public Double setupSeconds() {
        return connectedAt == null
                ? null
                : Duration.between(requestedAt, connectedAt).toMillis() / 1000.0;
    }

    public boolean finished() {
        return outcome != null;
    }

    TransferRecord with(
            String state,
            String outcome,
            String cause,
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
                outcome,
                cause,
                target,
                connectedAt,
                endedAt,
                overrideBy,
                overrideReason,
                workOrderId);
    }

    TransferRecord withId(long newId, String newRoom) {
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
                outcome,
                cause,
                target,
                connectedAt,
                endedAt,
                overrideBy,
                overrideReason,
                workOrderId);
    }
}
