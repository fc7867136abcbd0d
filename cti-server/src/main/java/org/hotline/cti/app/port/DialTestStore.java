package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import org.hotline.cti.domain.dialtest.DialTestResult;

/** Where dial-test runs and results are kept (R8), apart from transfer attempts. */
public interface DialTestStore {
    void runStarted(String runId, String trigger, String requestedBy, String department, Instant at);

    void runFinished(String runId, Instant at);

    void save(DialTestResult result);

    /** The newest {@code limit} results of {@code number}, newest first. */
    List<DialTestResult> latestOf(String number, int limit);

    /** The newest {@code limit} results of every number, newest first. */
    List<DialTestResult> history(int limit);

    List<DialTestResult> ofRun(String runId);
}
