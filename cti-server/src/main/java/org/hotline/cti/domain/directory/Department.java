package org.hotline.cti.domain.directory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A department that takes three-way transfers (R1) and work orders (R13): its transfer numbers are
 * rung in order, each for {@code ringTimeout}. Handling is territorial and tiered (属地管理、分级负责):
 * a city unit, or a county/district unit under its {@code parent}, so an order beyond one unit's
 * remit goes up or down (R15). A department with no three-way matter needs no transfer number
 * (the supervision office, a district unit reached by work order only).
 */
public record Department(
        String code,
        String name,
        List<String> transferNumbers,
        Duration ringTimeout,
        List<Specialist> specialists,
        Level level,
        String parent) {

    /** City units (市直) and county/district units (县区). */
    public enum Level {
        CITY,
        DISTRICT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Department {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(level, "level");
        transferNumbers = List.copyOf(transferNumbers);
        specialists = List.copyOf(specialists);
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("department " + code + " ring timeout must be positive");
        }
        if (code.equals(parent)) {
            throw new IllegalArgumentException("department " + code + " is its own parent");
        }
    }

    /** A city unit with no parent. */
    public Department(
            String code,
            String name,
            List<String> transferNumbers,
            Duration ringTimeout,
            List<Specialist> specialists) {
        this(code, name, transferNumbers, ringTimeout, specialists, Level.CITY, null);
    }
}
