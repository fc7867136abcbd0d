package org.hotline.cti.domain.rotation;

import java.util.Arrays;
import java.util.Optional;

/** R5: what a rotation specialist did for a market entity during a session. */
public enum ServiceKind {
    POLICY_PUSH("policy-push", "政策推送"),
    INTERPRETATION("interpretation", "在线解读"),
    APPLICATION_HELP("application-help", "申报辅导"),
    SURVEY("survey", "营商环境问卷");

    private final String wire;
    private final String label;

    ServiceKind(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    public String wireName() {
        return wire;
    }

    public String label() {
        return label;
    }

    public static Optional<ServiceKind> fromWire(String s) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(s)).findFirst();
    }
}
