package org.hotline.cti.domain.directory;

import java.util.Objects;

/**
 * A matter an enterprise calls about. {@code threeWay} marks the three-way-call list (三方通话事项清单,
 * R1); the others are answered from the policy knowledge base at once (R3) with {@code kbAnswer}.
 */
public record Matter(String code, String name, String departmentCode, boolean threeWay, String kbAnswer) {

    public Matter {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(departmentCode, "departmentCode");
        kbAnswer = kbAnswer == null ? "" : kbAnswer.strip();
        if (!threeWay && kbAnswer.isEmpty()) {
            throw new IllegalArgumentException("matter " + code + " is not three-way and has no knowledge-base answer");
        }
    }
}
