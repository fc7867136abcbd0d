package org.hotline.cti.domain.dialplan;

/**
 * Asterisk's extension matching, enough to tell whether a context answers a given number:
 * literal names, or {@code _} patterns with X, Z, N, [sets], {@code .} (one or more) and
 * {@code !} (zero or more).
 */
final class ExtensionPattern {
    private ExtensionPattern() {}

    static boolean matches(String extension, String number) {
        String ext = stripCallerId(extension);
        if (!ext.startsWith("_")) {
            return ext.equals(number);
        }
        return match(ext, 1, number, 0);
    }

    /** {@code 12345/139…} matches on the caller id too; the number part is what we test. */
    static String stripCallerId(String extension) {
        int slash = extension.indexOf('/');
        return slash > 0 ? extension.substring(0, slash) : extension;
    }

    private static boolean match(String p, int pi, String s, int si) {
        if (pi == p.length()) {
            return si == s.length();
        }
        char c = Character.toUpperCase(p.charAt(pi));
        if (c == '.' || c == '!') {
            int min = c == '.' ? 1 : 0;
            return s.length() - si >= min;
        }
        if (si == s.length()) {
            return false;
        }
        char ch = s.charAt(si);
        if (c == '[') {
            int end = p.indexOf(']', pi);
            if (end < 0) {
                return false;
            }
            return inSet(p.substring(pi + 1, end), ch) && match(p, end + 1, s, si + 1);
        }
        boolean ok = switch (c) {
            case 'X' -> ch >= '0' && ch <= '9';
            case 'Z' -> ch >= '1' && ch <= '9';
            case 'N' -> ch >= '2' && ch <= '9';
            case '-' -> true; // Asterisk ignores dashes in patterns
            default -> Character.toUpperCase(ch) == c;
        };
        if (c == '-') {
            return match(p, pi + 1, s, si);
        }
        return ok && match(p, pi + 1, s, si + 1);
    }

    private static boolean inSet(String set, char ch) {
        for (int i = 0; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                if (ch >= set.charAt(i) && ch <= set.charAt(i + 2)) {
                    return true;
                }
                i += 2;
            } else if (set.charAt(i) == ch) {
                return true;
            }
        }
        return false;
    }
}
