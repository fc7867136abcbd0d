package org.hotline.softphone.cti;

/**
 * R10: a duty supervisor lets a three-way transfer through past the day's budget; the server
 * logs who approved it and why. Sent as {@code override: {supervisor, reason}} on a transfer.
 */
public record TransferOverride(String supervisor, String reason) {

    public TransferOverride {
        if (supervisor == null || supervisor.isBlank()) {
            throw new IllegalArgumentException("an override needs the approving supervisor");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an override needs a reason (R10)");
        }
        supervisor = supervisor.strip();
        reason = reason.strip();
    }
}
