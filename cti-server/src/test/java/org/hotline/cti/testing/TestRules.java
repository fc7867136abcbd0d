package org.hotline.cti.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Rule files for integration tests: the sample directory (optionally edited) and a roster with no
 * rotation duties, so a transfer rings the department's own number whatever the weekday and hour
 * the tests run at (R4's rotation is unit-tested).
 */
public final class TestRules {
    private TestRules() {}

    /** Writes departments.yaml (the sample, passed through {@code edit}) and roster.yaml into a new folder. */
    public static Path withoutRotation(String prefix, UnaryOperator<String> edit) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.writeString(
                dir.resolve("departments.yaml"), edit.apply(Files.readString(Path.of("config/departments.yaml"))));
        Files.writeString(dir.resolve("roster.yaml"), """
                rotation:
                  days: [TUESDAY, FRIDAY]
                  hours: "08:30-11:30"
                  duties: []
                supervisors:
                  - name: 李静
                    extension: "8901"
                    days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY]
                    hours: "00:00-23:59"
                """);
        return dir;
    }
}
