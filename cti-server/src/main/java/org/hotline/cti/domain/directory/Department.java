package org.hotline.cti.domain.directory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A department that takes three-way transfers (R1): its transfer numbers are rung in order, each for
 * {@code ringTimeout}.
 */
public record Department(String code, String name, List<String> transferNumbers, Duration ringTimeout,
                         List<Specialist> specialists) {

    public Department {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        transferNumbers = List.copyOf(transferNumbers);
        specialists = List.copyOf(specialists);
        if (transferNumbers.isEmpty()) {
            throw new IllegalArgumentException("department " + code + " has no transfer number");
        }
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("department " + code + " ring timeout must be positive");
        }
    }
}
