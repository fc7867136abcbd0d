package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.util.Objects;

/** R4: a department specialist signed in at the hotline for a rotation session. */
public record SignIn(String specialist, String department, Instant at) {
    public SignIn {
        Objects.requireNonNull(specialist, "specialist");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(at, "at");
    }
}
