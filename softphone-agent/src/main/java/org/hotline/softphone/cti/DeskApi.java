package org.hotline.softphone.cti;

import java.util.List;

/**
 * The REST side the desktop needs (bearer token from POST /api/login): the directory and, for
 * duty supervisors, the missed-call callbacks (R11). Calls block; the UI runs them off the EDT.
 */
public interface DeskApi {

    /** Logs in; later calls carry the token. Returns the role. */
    String login(String user, String password);

    List<Department> departments();

    /** Open callbacks (pending and dialling), earliest due first. */
    List<CallbackItem> callbacks();

    /** Rings the supervisor's extension, then the enterprise (POST /api/callbacks/{id}/dial). */
    CallbackItem dial(long callbackId, String extension);

    /** result: reached, no-answer or wrong-number. */
    CallbackItem recordResult(long callbackId, String result, String note);

    /** R4: the rotation session in progress, or else the next one; null when none is near. */
    default RotationView rotation() {
        throw new CtiException("not-supported", "this desk has no rotation sessions");
    }

    /**
     * R4: signs {@code specialist} (on the session's duty in roster.yaml) in to the session in
     * progress; refused with {@code outside-rotation-session} or {@code unknown-specialist}.
     */
    default RotationView rotationSignIn(String specialist) {
        throw new CtiException("not-supported", "this desk has no rotation sessions");
    }
}
