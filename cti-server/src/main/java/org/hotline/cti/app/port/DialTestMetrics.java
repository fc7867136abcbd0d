package org.hotline.cti.app.port;

/**
 * What a dial-test run reports to monitoring (R8). Kept apart from the transfer metrics so a
 * dial-test never moves the transfer connection rate (R1). The metrics adapter names the meters.
 */
public interface DialTestMetrics {
    /** One number dialled: answered or not. */
    void result(boolean answered);

    /** Whether the number is flagged as failing its last dial-tests in a row. */
    void failing(String department, String number, boolean flagged);

    /** A run finished at this Unix second. */
    void runFinished(long epochSecond);
}
