package org.hotline.cti.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AMI message (event or response): ordered {@code Key: Value} fields as Asterisk sent them.
 * Keys are matched case-insensitively because Asterisk is not consistent (e.g. {@code ActionID}
 * vs {@code ActionId} across versions). Repeated keys (e.g. {@code Output:}) are all kept.
 * <p>
 * A decoded message keeps the event's bytes (one copy) and the spans of its values; a value
 * becomes a {@code String} only when someone reads it (most events are dismissed by name, and a
 * call event's reader wants 3–5 of its ~15 fields — issue 14). Keys are interned by the decoder,
 * so a lookup with a literal usually matches by identity. The lazily built values are cached in
 * a plain array: two threads racing on one value would each build an equal, immutable String,
 * which is harmless.
 */
public final class AmiMessage {
    private static final String[] NONE = new String[0];

    private final String[] keys;
    private final String[] values;
    private final int size;
    /** The event's bytes when decoded from the wire, else null (every value already built). */
    private final byte[] raw;
    /** Value i is {@code raw[spans[2i], spans[2i+1])}. */
    private final int[] spans;

    AmiMessage(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.size = keys.length;
        this.raw = null;
        this.spans = null;
    }

    /** A decoded message: {@code values} holds whatever the decoder already built (may be null entries). */
    AmiMessage(String[] keys, String[] values, int size, byte[] raw, int[] spans) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.raw = raw;
        this.spans = spans;
    }

    static AmiMessage empty() {
        return new AmiMessage(NONE, NONE);
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
        return size > 0 && "Event".equalsIgnoreCase(keys[0]);
    }

    public String actionId() {
        return get("ActionID");
    }

    /** First value of {@code key}, or null. */
    public String get(String key) {
        // Decoded keys are interned, so a literal usually matches by identity; the first letter,
        // compared without case, turns most other keys away before a full equalsIgnoreCase.
        // (ASCII only: other scripts' case pairs go straight to equalsIgnoreCase.)
        int first = key.isEmpty() || key.charAt(0) >= 128 ? -1 : key.charAt(0) | 0x20;
        for (int i = 0; i < size; i++) {
            String k = keys[i];
            if (k == key
                    || k.length() == key.length()
                            && (first < 0 || k.charAt(0) >= 128 || (k.charAt(0) | 0x20) == first)
                            && k.equalsIgnoreCase(key)) {
                return value(i);
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
        for (int i = 0; i < size; i++) {
            if (keys[i].equalsIgnoreCase(key)) {
                out.add(value(i));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public int size() {
        return size;
    }

    public String key(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return keys[i];
    }

    public String value(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        String v = values[i];
        if (v == null) {
            int from = spans[2 * i];
            int to = spans[2 * i + 1];
            v = from == to ? "" : new String(raw, from, to - from, StandardCharsets.UTF_8);
            values[i] = v;
        }
        return v;
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            if (!m.containsKey(keys[i])) {
                m.put(keys[i], value(i));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(keys[i])
                    .append(": ")
                    // Never print a secret, even in a debug dump of an outgoing Login.
                    .append("Secret".equalsIgnoreCase(keys[i]) ? "<masked>" : value(i))
                    .append('\n');
        }
        return sb.toString();
    }
}
