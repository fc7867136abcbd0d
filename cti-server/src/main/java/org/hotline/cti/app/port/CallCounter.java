package org.hotline.cti.app.port;

import org.hotline.cti.domain.call.CallRecord;

/**
 * Counts ended calls by their final outcome ({@code cti_calls_total}) so the metric agrees with the
 * call records. A call that ended while the CTI was blind is closed by the resync with a guessed
 * outcome ({@code abandoned}, reason {@code lost}) and corrected from the PBX's records (CEL) by the
 * recovery pass that follows; it is counted once, under the corrected outcome, or under the guess
 * when the pass found nothing to correct it with. Behind a port so the use cases stay free of
 * Micrometer.
 */
public interface CallCounter {
    /** A call the CTI never saw, added from the PBX's records. */
    void recovered(CallRecord call);

    /** A call closed blind, now corrected from the PBX's records. */
    void corrected(CallRecord call);

    /**
     * A recovery pass over {@code node}'s history finished: that node's calls closed blind before it
     * that it did not correct keep their guess (another node's wait for their own node's pass).
     * {@code null}: the history names no node, every call waiting is settled.
     */
    void recoveryPassEnded(String node);

    /** For tests and tools that do not watch metrics. */
    CallCounter NONE = new CallCounter() {
        @Override
        public void recovered(CallRecord call) {}

        @Override
        public void corrected(CallRecord call) {}

        @Override
        public void recoveryPassEnded(String node) {}
    };
}
