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
 * call event's reader wants 3–5 of its ~15 fields — issue 14). Keys stay as spans too: a lookup
 * compares the literal with the key's bytes (ASCII, case folded as {@link String#equalsIgnoreCase}
 * does; anything else falls back to building the key), so the decoder no longer looks up ~15 keys
 * per event in its intern table — a third of the AMI thread's time in a JFR profile of the socket
 * benchmark. {@code Event}, {@code Response} (keys and values) and {@code Output} arrive built
 * and interned. The lazily built keys and values are cached in plain arrays: two threads racing on
 * one would each build an equal, immutable String, which is harmless.
 */
public final class AmiMessage {
    private static final String[] NONE = new String[0];

    private final String[] keys;
    private final String[] values;
    private final int size;
    /** The event's bytes when decoded from the wire, else null (every value already built). */
    private final byte[] raw;
    /** Key i is {@code raw[spans[4i], spans[4i+1])}, value i is {@code raw[spans[4i+2], spans[4i+3])}. */
    private final int[] spans;

    AmiMessage(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.size = keys.length;
        this.raw = null;
        this.spans = null;
    }

    /** A decoded message: {@code keys} and {@code values} hold whatever the decoder already built (may be null entries). */
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
        return size > 0 && "Event".equalsIgnoreCase(key(0));
    }

    public String actionId() {
        return get("ActionID");
    }

    /** First value of {@code key}, or null. */
    public String get(String key) {
        // A key already built (decoded Event/Response/Output, or any key of a message made with
        // of()) is usually the literal itself; the first letter, compared without case, turns
        // most other keys away before a full equalsIgnoreCase. A key still in bytes is compared
        // byte by byte. (ASCII only: other scripts' case pairs go to equalsIgnoreCase.)
        int first = -1;
        boolean ascii = true;
        for (int j = 0; j < key.length(); j++) {
            if (key.charAt(j) >= 128) {
                ascii = false;
                break;
            }
        }
        if (ascii && !key.isEmpty()) {
            first = key.charAt(0) | 0x20;
        }
        for (int i = 0; i < size; i++) {
            String k = keys[i];
            if (k == null) {
                if (matches(i, key, ascii)) {
                    return value(i);
                }
            } else if (k == key
                    || k.length() == key.length()
                            && (first < 0 || k.charAt(0) >= 128 || (k.charAt(0) | 0x20) == first)
                            && k.equalsIgnoreCase(key)) {
                return value(i);
            }
        }
        return null;
    }

    /** Whether key i, still in bytes, equals {@code key} ignoring case (as {@link String#equalsIgnoreCase}). */
    private boolean matches(int i, String key, boolean ascii) {
        int from = spans[4 * i];
        int len = spans[4 * i + 1] - from;
        if (!ascii) {
            return key(i).equalsIgnoreCase(key);
        }
        if (len != key.length()) {
            return false; // the decoder builds every key with a non-ASCII byte, so bytes = chars here
        }
        for (int j = 0; j < len; j++) {
            int b = raw[from + j];
            int c = key.charAt(j);
            if (b == c) {
                continue;
            }
            if (b < 0) {
                return key(i).equalsIgnoreCase(key); // a non-ASCII byte: let String decide
            }
            int lb = b | 0x20;
            if (lb != (c | 0x20) || lb < 'a' || lb > 'z') {
                return false;
            }
        }
        return true;
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    /** Every value of a repeated key, in order. */
    public List<String> getAll(String key) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (key(i).equalsIgnoreCase(key)) {
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
        String k = keys[i];
        if (k == null) {
            int from = spans[4 * i];
            k = new String(raw, from, spans[4 * i + 1] - from, StandardCharsets.UTF_8);
            keys[i] = k;
        }
        return k;
    }

    public String value(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        String v = values[i];
        if (v == null) {
            int from = spans[4 * i + 2];
            int to = spans[4 * i + 3];
            v = from == to ? "" : new String(raw, from, to - from, StandardCharsets.UTF_8);
            values[i] = v;
        }
        return v;
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String k = key(i);
            if (!m.containsKey(k)) {
                m.put(k, value(i));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(key(i))
                    .append(": ")
                    // Never print a secret, even in a debug dump of an outgoing Login.
                    .append("Secret".equalsIgnoreCase(key(i)) ? "<masked>" : value(i))
                    .append('\n');
        }
        return sb.toString();
    }
}
