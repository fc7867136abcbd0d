package org.hotline.cti.agi;

/**
 * What Asterisk says about a call when it opens a FastAGI session: the {@code agi_*} lines up to
 * the blank line, of which the server needs a few.
 *
 * @param script     the URL's path ({@code agi://host:port/arrival} → {@code arrival}), query removed
 * @param callerId   the caller's number, null when Asterisk knows none ({@code unknown})
 * @param channel    the channel's name, for log lines
 */
record AgiRequest(String script, String callerId, String channel) {

    /** Collects the lines of one request; {@link #line} answers why a line is not one, else null. */
    static final class Builder {
        private String script;
        private String callerId;
        private String channel;

        /** Takes one {@code agi_key: value} line; returns what is wrong with it, or null. */
        String line(String line) {
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 0) {
                return "not an AGI request line: '" + printable(line) + "'";
            }
            String key = line.substring(4, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "network_script" -> {
                    int query = value.indexOf('?');
                    script = query < 0 ? value : value.substring(0, query);
                }
                case "callerid" -> callerId = "unknown".equals(value) || value.isEmpty() ? null : value;
                case "channel" -> channel = value;
                default -> {
                    // the other agi_* lines (context, extension, uniqueid...) are not needed
                }
            }
            return null;
        }

        /** Null when the request names no script: not a FastAGI request at all. */
        AgiRequest build() {
            return script == null ? null : new AgiRequest(script, callerId, channel == null ? "?" : channel);
        }
    }

    /** At most 60 characters of {@code s}, control characters shown as '?' (safe in a log line). */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || c == '\ufffd' ? '?' : c);
        }
        return s.length() > 60 ? b + "…" : b.toString();
    }
}
