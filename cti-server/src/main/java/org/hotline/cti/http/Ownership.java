package org.hotline.cti.http;

import java.util.regex.Pattern;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.domain.call.CallRecord;

/**
 * Who may see and act on which call (issue 11 item 6). Supervisors and admins see the whole desk;
 * everyone else (agents, and any narrower role added later) only the calls their own extension
 * rang or answered, and the transfers they asked for.
 */
final class Ownership {
    /** What a PBX extension may look like: it goes into {@code PJSIP/<extension>} queue members. */
    static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_.-]{0,39}");

    private Ownership() {}

    static boolean seesAll(Session s) {
        return s.role().atLeast(Role.SUPERVISOR);
    }

    static boolean mine(Session s, CallRecord c) {
        return seesAll(s)
                || (s.extension() != null
                        && (s.extension().equals(c.agent()) || s.extension().equals(c.ringingAgent())));
    }

    static boolean mine(Session s, TransferRecord t) {
        return seesAll(s) || s.user().equals(t.requestedBy());
    }

    /** An agent may act only on a call it answered (hang up, transfer, wrap up). */
    static void requireOwnCall(Session s, CallRecord c) {
        if (!seesAll(s) && (s.extension() == null || !s.extension().equals(c.agent()))) {
            throw new CtiException(
                    ErrorId.NOT_YOUR_CALL,
                    "call " + c.id() + " is not with your extension"
                            + (s.extension() == null ? "" : " " + s.extension()));
        }
    }
}
