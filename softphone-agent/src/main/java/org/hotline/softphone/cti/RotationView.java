package org.hotline.softphone.cti;

import java.time.Instant;
import java.util.List;

/**
 * A rotation session as the server shows it (R4/R5, GET /api/rotation/current): in progress or the
 * next one, the distinct market entities served against the target, and the specialists on that
 * day's duty with whether each has signed in.
 */
public record RotationView(
        String date,
        Instant start,
        Instant end,
        boolean inProgress,
        int served,
        int target,
        int signedIn,
        List<OnDuty> onDuty) {

    public RotationView {
        onDuty = List.copyOf(onDuty);
    }

    /** A specialist on the roster for the session (roster.yaml). */
    public record OnDuty(String specialist, String department, String extension, boolean signedIn) {}
}
