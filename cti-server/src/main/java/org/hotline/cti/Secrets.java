package org.hotline.cti;

import java.util.regex.Pattern;

/**
 * Secrets never reach a log, an error or an answer (BRIEFING; STYLE 6: HikariCP's {@code <masked>}).
 * URLs are where they hide best: a JDBC URL with {@code password=} (PostgreSQL's query, H2's
 * {@code ;PASSWORD=}), or any URL with {@code user:password@} before the host. Whatever prints a
 * URL the user wrote (config errors, start-up logs, the CLI's messages) prints it through
 * {@link #maskUrl}.
 */
public final class Secrets {
    public static final String MASK = "<masked>";

    /** {@code password=…}, {@code sslpassword=…}, {@code secret=…}, {@code token=…}: up to the next {@code & ; #}. */
    private static final Pattern PARAMETER =
            Pattern.compile("(?i)([a-z0-9_.-]*(?:password|passwd|pwd|secret|token)[a-z0-9_.-]*=)[^&;#]*");
    /** {@code //user:password@host}: the password, up to the last {@code @} before the path. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:;]*:)[^/?#]*@");

    private Secrets() {}

    /** The URL with every password in it replaced by {@code <masked>}; null stays null. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String s = USER_INFO.matcher(url).replaceAll("$1" + MASK + "@");
        return PARAMETER.matcher(s).replaceAll("$1" + MASK);
    }
}
