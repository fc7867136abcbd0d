package org.hotline.softphone.cti;

/**
 * A transfer attempt as the server reports it. {@code state}: requested, ringing, connected,
 * failed; {@code outcome}: null while in progress, then connected or failed; {@code cause}
 * (failed only): no-answer, busy, congestion, unavailable, rejected, timeout, caller-gone.
 */
public record TransferView(
        String id,
        String callId,
        String matter,
        String matterName,
        String department,
        String departmentName,
        String state,
        String outcome,
        String cause,
        String target,
        String workOrderId) {

    public boolean finished() {
        return outcome != null;
    }

    public boolean connected() {
        return "connected".equals(state);
    }
}
