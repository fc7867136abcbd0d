package org.hotline.cti.agi;

/**
 * AGI commands as Asterisk reads them: one line each, arguments in double quotes. A value is
 * written as text, never as more commands: quotes and backslashes are escaped (Asterisk's own
 * argument parser undoes it) and control characters — a line break above all, which would end the
 * command and start another one (a wrap-up's enterprise name is typed by an agent) — are dropped.
 */
final class AgiCommands {
    private AgiCommands() {}

    static String setVariable(String name, String value) {
        return "SET VARIABLE " + quote(name) + " " + quote(value) + "\n";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c != 0x7f) {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
