package org.hotline.cti.domain.dialtest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One transfer number dialled once (R8). {@code cause} says why it failed ({@code busy},
 * {@code no-answer}, {@code congestion}, {@code unavailable}, {@code rejected}, {@code timeout},
 * {@code pbx-unreachable}); null when answered. {@code answerTime} is from the request to the
 * answer, null when not answered.
 */
public record DialTestResult(
        String runId,
        String department,
        String number,
        Instant startedAt,
        Instant finishedAt,
        boolean answered,
        String cause,
        Duration answerTime) {
    public DialTestResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (answered == (cause != null)) {
            throw new IllegalArgumentException("a result has a cause exactly when it failed");
        }
    }

    public String result() {
        return answered ? "answered" : "failed";
    }
}
