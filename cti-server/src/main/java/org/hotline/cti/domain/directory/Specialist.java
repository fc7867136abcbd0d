package org.hotline.cti.domain.directory;

import java.util.Objects;

/** A department's policy specialist (政策专员) and the number that reaches them. */
public record Specialist(String name, String number) {

    public Specialist {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(number, "number");
    }
}
