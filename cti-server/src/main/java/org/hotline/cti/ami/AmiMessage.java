package org.hotline.cti.ami;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AMI message (event or response): ordered {@code Key: Value} fields as Asterisk sent them.
 * Keys are matched case-insensitively because Asterisk is not consistent (e.g. {@code ActionID}
 * vs {@code ActionId} across versions). Repeated keys (e.g. {@code Output:}) are all kept.
 */
public final class AmiMessage {
    private final String[] keys;
    private final String[] values;

    AmiMessage(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    public static AmiMessage of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs");
        }
        String[] k = new String[keyValues.length / 2];
        String[] v = new String[keyValues.length / 2];
        for (int i = 0; i < k.length; i++) {
            k[i] = keyValues[2 * i];
            v[i] = keyValues[2 * i + 1];
        }
        return new AmiMessage(k, v);
    }

    /** The {@code Event} name, or null for a response. */
    public String event() {
        return get("Event");
    }

    /** The {@code Response} value ({@code Success}, {@code Error}, {@code Goodbye}…), or null for an event. */
    public String response() {
        return get("Response");
    }

    public boolean isEvent() {
        return keys.length > 0 && "Event".equalsIgnoreCase(keys[0]);
    }

    public String actionId() {
        return get("ActionID");
    }

    /** First value of {@code key}, or null. */
    public String get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equalsIgnoreCase(key)) {
                return values[i];
            }
        }
        return null;
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    /** Every value of a repeated key, in order. */
    public List<String> getAll(String key) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equalsIgnoreCase(key)) {
                out.add(values[i]);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public int size() {
        return keys.length;
    }

    public String key(int i) {
        return keys[i];
    }

    public String value(int i) {
        return values[i];
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.putIfAbsent(keys[i], values[i]);
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            sb.append(keys[i]).append(": ")
              // Never print a secret, even in a debug dump of an outgoing Login.
              .append("Secret".equalsIgnoreCase(keys[i]) ? "<masked>" : values[i]).append('\n');
        }
        return sb.toString();
    }
}
