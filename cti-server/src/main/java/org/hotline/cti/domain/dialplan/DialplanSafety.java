package org.hotline.cti.domain.dialplan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an uploaded dialplan may not do (issue 11 item 11). A dialplan upload is code that
 * Asterisk runs as its own user on every call: an application or function that starts a program
 * or writes a file would turn the admin API into a shell on the PBX. Each refusal names why.
 */
final class DialplanSafety {
    /** Applications that run a program on the PBX, or run an application whose name is computed. */
    private static final Set<String> SHELL_APPS = Set.of("system", "trysystem", "externalivr");

    private static final Set<String> AGI_APPS = Set.of("agi", "eagi", "deadagi");
    private static final Set<String> EXEC_APPS = Set.of("exec", "tryexec", "execif");
    /** Applications that write a file named by their first argument. */
    private static final Set<String> FILE_WRITERS = Set.of("record", "mixmonitor", "monitor", "receivefax");
    /** Any use, anywhere on the line: nested in ExecIf, in ${...} or $[...]. */
    private static final Pattern CALLS =
            Pattern.compile("(?i)(?<![A-Za-z0-9_])(system|trysystem|externalivr|shell|file|eval)\\s*\\(");

    /** Variables that never hold a '/' and may start a recording's file name. */
    private static final List<String> SAFE_PREFIX = List.of("${UNIQUEID}", "${LINKEDID}", "${EPOCH}", "${STRFTIME(");

    private DialplanSafety() {}

    /** Problems of one priority's application text ({@code Name(args)}), empty when it is safe. */
    static List<String> check(String app) {
        List<String> out = new ArrayList<>();
        Matcher name = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(app);
        String appName = name.lookingAt() ? name.group().toLowerCase(Locale.ROOT) : "";
        String args = argsOf(app);
        Matcher m = CALLS.matcher(app);
        while (m.find()) {
            String what = m.group(1).toLowerCase(Locale.ROOT);
            String reason = switch (what) {
                case "system", "trysystem" -> m.group(1) + "() runs a shell command on the PBX";
                case "externalivr" -> m.group(1) + "() starts a program on the PBX";
                case "shell" -> "SHELL() runs a shell command on the PBX";
                case "file" -> "FILE() reads and writes files on the PBX";
                default -> "EVAL() evaluates text as dialplan, so a caller's data could call SHELL()";
            };
            if (!out.contains(reason)) {
                out.add(reason);
            }
        }
        if (AGI_APPS.contains(appName)) {
            String target = args.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!target.startsWith("agi://") && !target.startsWith("hagi://")) {
                out.add(name.group()
                        + "() with a local script runs a program on the PBX; use FastAGI (agi://host/...)");
            }
        }
        // Every FastAGI target on the line, nested in ExecIf/Exec too: the server at the other end
        // may send "EXEC System ..." and reads every caller's number, so it must be this machine's
        // (the CTI's FastAGI listens on 127.0.0.1, DESIGN.md). agi://evil.example/x was accepted.
        Matcher agi = FAST_AGI.matcher(app);
        while (agi.find()) {
            String host = agi.group(2).toLowerCase(Locale.ROOT);
            if (!isLoopback(host)) {
                String reason = agi.group(1) + "() to '" + agi.group(2)
                        + "' lets that server run any application on the PBX (AGI EXEC) and see every call;"
                        + " FastAGI may only go to this machine (agi://127.0.0.1:4573/...)";
                if (!out.contains(reason)) {
                    out.add(reason);
                }
            }
        }
        if (EXEC_APPS.contains(appName)
                && args.contains("${")
                && !CALLS.matcher(app).find()) {
            out.add(name.group() + "() runs an application whose name is computed at run time; name the application");
        }
        if (FILE_WRITERS.contains(appName)) {
            String[] a = args.split(",", -1);
            String path = a[0].strip();
            if (path.startsWith("/") || path.contains("..")) {
                out.add(name.group() + "() writes a file outside Asterisk's own directories ('" + path
                        + "'); use a relative name");
            } else if (path.startsWith("${") && SAFE_PREFIX.stream().noneMatch(path::startsWith)) {
                // A variable could hold "/etc/…" (CALLERID(name) is the caller's to choose).
                out.add(name.group() + "() writes a file whose path starts with a variable ('" + path
                        + "'); start with a directory name, e.g. recordings/" + path);
            }
            if (appName.equals("mixmonitor") && a.length > 2 && !a[2].isBlank()) {
                out.add("MixMonitor()'s third argument runs a shell command on the PBX when the recording ends");
            }
        }
        return out;
    }

    /** {@code AGI(agi://HOST...}: the application as written and the host (IPv6 in brackets). */
    private static final Pattern FAST_AGI =
            Pattern.compile("(?i)(?<![A-Za-z0-9_])((?:e|dead)?agi)\\s*\\(\\s*h?agi://(\\[[^\\]]*\\]|[^:/,)\\s]*)");

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static String argsOf(String app) {
        int open = app.indexOf('(');
        int close = app.lastIndexOf(')');
        return open >= 0 && close > open ? app.substring(open + 1, close) : "";
    }
}
