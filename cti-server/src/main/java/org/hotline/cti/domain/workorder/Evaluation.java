package org.hotline.cti.domain.workorder;

import java.util.Arrays;
import java.util.Optional;

/** The caller's evaluation of how the order was handled (R15, R17). */
public enum Evaluation {
    SATISFIED("satisfied", "满意"),
    BASICALLY_SATISFIED("basically-satisfied", "基本满意"),
    DISSATISFIED("dissatisfied", "不满意");

    private final String wireName;
    private final String chinese;

    Evaluation(String wireName, String chinese) {
        this.wireName = wireName;
        this.chinese = chinese;
    }

    public String wireName() {
        return wireName;
    }

    public String chinese() {
        return chinese;
    }

    /** Accepts the wire name or the Chinese word (满意, 基本满意, 不满意). */
    public static Optional<Evaluation> fromWire(String s) {
        String k = s == null ? "" : s.strip();
        return Arrays.stream(values())
                .filter(v -> v.wireName.equals(k) || v.chinese.equals(k))
                .findFirst();
    }
}
