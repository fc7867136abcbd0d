package org.hotline.cti.ami;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small, bounded intern table from bytes to Strings for the words an AMI stream repeats in
 * every event: its few dozen keys ({@code Uniqueid}, {@code Channel}…) and event names. A word
 * seen again costs a hash and a compare instead of a new String; the Strings are
 * {@link String#intern() interned}, so the translator's literals match them by identity.
 * Bounded in slots and word length, so a peer sending endless new keys cannot grow it: once
 * full, new words are simply built each time. One per connection; not thread-safe.
 */
final class AmiStrings {
    private static final int SLOTS = 1024;
    /** Filled to three quarters at most, so a probe always ends at an empty slot. */
    private static final int MAX_WORDS = SLOTS * 3 / 4;

    private static final int MAX_WORD_BYTES = 48;

    private final byte[][] words = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    private int count;

    String get(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (len > MAX_WORD_BYTES) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        // Three bytes and the length tell the few dozen AMI keys apart well enough; the compare
        // below settles the rest.
        int h = len * 0x9E3779B1 + b[off] * 31 * 31 + b[off + len / 2] * 31 + b[off + len - 1];
        int slot = (h ^ (h >>> 15)) & (SLOTS - 1);
        byte[] w;
        while ((w = words[slot]) != null) {
            if (w.length == len && same(w, b, off)) {
                return strings[slot];
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        if (count < MAX_WORDS) {
            s = s.intern();
            words[slot] = Arrays.copyOfRange(b, off, off + len);
            strings[slot] = s;
            count++;
        }
        return s;
    }

    /** A plain loop: for words this short it beats Arrays.equals' vectorised mismatch and its setup. */
    private static boolean same(byte[] w, byte[] b, int off) {
        for (int i = 0; i < w.length; i++) {
            if (w[i] != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return count;
    }
}
