package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import org.hotline.cti.domain.call.CallRecord;

/**
 * The PBX's own record of enterprise calls, read after the server was down or blind, so missed
 * calls it never saw are not lost (R11). Positions are opaque to the application.
 */
public interface CallHistory {
    /** A human-readable name for logs and the checkpoint's key. */
    String source();

    /** The PBX node whose history this is (issue 14 item 6: each node keeps its own); null: not named. */
    String node();

    /** The position just after everything recorded so far (where a fresh database starts). */
    String end();

    /**
     * Calls that ended, recorded from {@code position} on, that arrived before {@code arrivedBefore}
     * (later ones were seen live); and the position to read from next time, which never skips a
     * call still in progress.
     */
    Batch since(String position, Instant arrivedBefore);

    record Batch(List<CallRecord> calls, String next) {}
}
