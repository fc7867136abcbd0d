package org.hotline.cti.domain.dialplan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads extensions.conf-style text the way Asterisk's config parser and pbx_config do, following
 * {@code #include}s through the given file set, and records every problem with its file and line.
 * It is stricter than Asterisk where Asterisk would only log a warning and drop the line, because a
 * dropped line in the hotline's dialplan is a broken call flow found by a caller.
 */
final class DialplanParser {
    private static final Pattern DIRECTIVE = Pattern.compile("#\\s*(\\w+)\\s*(.*)");
    private static final Pattern SECTION = Pattern.compile("\\[([^\\[\\]]+)]\\s*(?:\\(([^)]*)\\))?");
    private static final Pattern KEYWORD = Pattern.compile("([A-Za-z]+)\\s*=>?\\s*(.*)");
    private static final Pattern PRIORITY =
            Pattern.compile("(\\d+|n|hint)(?:\\(([A-Za-z0-9_-]+)\\))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern APP = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> SETTINGS_SECTIONS = Set.of("general", "globals");

    /** An include chain deeper than this is a mistake or a bomb; the repository's is 1 deep. */
    static final int MAX_INCLUDE_DEPTH = 8;

    private final Map<String, String> files;
    private final Map<String, String> readAt = new java.util.HashMap<>(); // file -> "includer:line" that read it
    final List<DialplanProblem> errors = new ArrayList<>();
    final Map<String, DialplanContext> contexts = new LinkedHashMap<>();
    final List<String> read = new ArrayList<>();
    private final Set<String> sections = new HashSet<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<String[]> includes = new ArrayList<>(); // {context, target, file, line}
    private String section;
    private String lastExten;

    DialplanParser(Map<String, String> files) {
        this.files = files;
    }

    void parse(String file) {
        parse(file, null, 0);
    }

    /**
     * Reads {@code file} once: a second #include of it (a cycle, a diamond, an include bomb) is an
     * error, not a second expansion, so the work is bounded by the upload's size (issue 11 item 11).
     */
    private void parse(String file, String from, int fromLine) {
        if (stack.contains(file)) {
            List<String> chain = new ArrayList<>(stack);
            java.util.Collections.reverse(chain);
            error(stack.peek(), fromLine, "#include cycle: " + String.join(" -> ", chain) + " -> " + file);
            return;
        }
        if (readAt.containsKey(file)) {
            error(
                    from,
                    fromLine,
                    "#include " + file + ": already included at " + readAt.get(file) + "; each file is included once");
            return;
        }
        if (stack.size() >= MAX_INCLUDE_DEPTH) {
            error(from, fromLine, "#include " + file + ": includes nest deeper than " + MAX_INCLUDE_DEPTH + " files");
            return;
        }
        readAt.put(file, from == null ? "(start)" : from + ":" + fromLine);
        read.add(file);
        stack.push(file);
        String[] lines = files.get(file).split("\r?\n", -1);
        boolean[] inBlock = {false};
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i], inBlock).strip();
            if (!line.isEmpty()) {
                line(file, i + 1, line);
            }
        }
        stack.pop();
    }

    /** After all files: includes must name contexts that exist. */
    void finish() {
        for (String[] inc : includes) {
            if (!contexts.containsKey(inc[1])) {
                error(
                        inc[2],
                        Integer.parseInt(inc[3]),
                        "include => " + inc[1] + ": no file defines context [" + inc[1] + "]");
            }
        }
    }

    private void line(String file, int n, String line) {
        if (line.startsWith("#")) {
            directive(file, n, line);
        } else if (line.startsWith("[")) {
            section(file, n, line);
        } else if (section == null) {
            error(file, n, "line outside any [section]: '" + line + "'");
        } else if (SETTINGS_SECTIONS.contains(section)) {
            if (!line.contains("=")) {
                error(file, n, "expected NAME = VALUE in [" + section + "], found '" + line + "'");
            }
            for (String why : DialplanSafety.check(line)) {
                error(file, n, "refused: " + why);
            }
        } else {
            contextLine(file, n, line);
        }
    }

    private void directive(String file, int n, String line) {
        Matcher m = DIRECTIVE.matcher(line);
        String kind = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "";
        if (kind.equals("exec")) {
            error(file, n, "#exec is not allowed: it runs a program on the PBX at every reload");
            return;
        }
        if (!kind.equals("include") && !kind.equals("tryinclude")) {
            error(file, n, "unknown directive '" + line + "' (expected #include FILE)");
            return;
        }
        String target = m.group(2).strip().replaceAll("^[\"<]|[\">]$", "");
        if (target.isEmpty() || target.contains("/")) {
            error(file, n, "#" + kind + " must name a file in the same directory, was '" + target + "'");
            return;
        }
        List<String> found = resolve(target);
        if (found.isEmpty() && kind.equals("include")) {
            error(
                    file,
                    n,
                    "#include " + target + ": no such file among "
                            + files.keySet().stream().sorted().toList());
        }
        for (String f : found) {
            parse(f, file, n);
        }
    }

    private List<String> resolve(String target) {
        if (!target.contains("*") && !target.contains("?")) {
            return files.containsKey(target) ? List.of(target) : List.of();
        }
        Pattern glob =
                Pattern.compile(Pattern.quote(target).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
        return files.keySet().stream()
                .filter(f -> glob.matcher(f).matches())
                .sorted()
                .toList();
    }

    private void section(String file, int n, String line) {
        Matcher m = SECTION.matcher(line);
        if (!m.matches()) {
            error(
                    file,
                    n,
                    line.contains("]")
                            ? "malformed section header '" + line + "'"
                            : "section header '" + line + "' has no closing ']'");
            return;
        }
        section = m.group(1).strip();
        lastExten = null;
        boolean template = false;
        if (m.group(2) != null) {
            for (String opt : m.group(2).split(",")) {
                String o = opt.strip();
                if (o.equals("!")) {
                    template = true;
                } else if (!o.equals("+") && !o.isEmpty() && !sections.contains(o)) {
                    error(file, n, "[" + section + "] inherits from [" + o + "], which is not defined before it");
                }
            }
        }
        sections.add(section);
        if (!template && !SETTINGS_SECTIONS.contains(section)) {
            contexts.computeIfAbsent(section, s -> new DialplanContext(s, file, n));
        }
    }

    private void contextLine(String file, int n, String line) {
        Matcher m = KEYWORD.matcher(line);
        if (!m.matches() || !line.contains("=")) {
            error(file, n, "expected 'exten =>', 'same =>' or 'include =>' in [" + section + "], found '" + line + "'");
            return;
        }
        String kw = m.group(1).toLowerCase(Locale.ROOT);
        String value = m.group(2).strip();
        DialplanContext ctx = contexts.get(section);
        if (ctx == null) {
            return; // a template's body: Asterisk copies it into the contexts that inherit it
        }
        switch (kw) {
            case "exten" -> {
                String[] parts = value.split(",", 2);
                if (parts[0].isBlank() || parts.length < 2) {
                    error(file, n, "exten => needs EXTENSION,PRIORITY,APPLICATION, found '" + value + "'");
                    return;
                }
                lastExten = parts[0].strip();
                priority(ctx, lastExten, parts[1], file, n);
            }
            case "same" -> {
                if (lastExten == null) {
                    error(file, n, "same => with no exten => before it in [" + section + "]");
                    return;
                }
                priority(ctx, lastExten, value, file, n);
            }
            case "include" -> {
                String target = value.split(",", 2)[0].strip();
                ctx.addInclude(target);
                includes.add(new String[] {section, target, file, Integer.toString(n)});
            }
            case "switch", "eswitch", "lswitch", "ignorepat" -> {
                // valid Asterisk keywords the hotline does not use; nothing to check
            }
            default ->
                error(
                        file,
                        n,
                        "unknown keyword '" + m.group(1) + "' in [" + section + "] (expected exten, same or include)");
        }
    }

    private void priority(DialplanContext ctx, String exten, String rest, String file, int n) {
        String[] parts = rest.split(",", 2);
        Matcher p = PRIORITY.matcher(parts[0].strip());
        if (!p.matches()) {
            error(
                    file,
                    n,
                    "priority must be a number, n or hint, optionally with a (label); was '" + parts[0].strip() + "'");
            return;
        }
        DialplanContext.Extension e = ctx.extensions().computeIfAbsent(exten, x -> new DialplanContext.Extension());
        String token = p.group(1).toLowerCase(Locale.ROOT);
        int prio;
        if (token.equals("hint")) {
            prio = -1;
        } else if (token.equals("n")) {
            if (e.last < 1) {
                error(file, n, "priority n of '" + exten + "' has no priority before it (start with 1)");
                return;
            }
            prio = e.last + 1;
        } else {
            prio = Integer.parseInt(token);
            if (e.last < 1 && prio != 1) {
                error(
                        file,
                        n,
                        "'" + exten + "' starts at priority " + prio + ": calls enter an extension at priority 1");
            }
        }
        String app = parts.length > 1 ? parts[1].strip() : "";
        if (prio != -1) {
            application(app, file, n);
            for (String why : DialplanSafety.check(app)) {
                error(file, n, "refused: " + why);
            }
            e.last = prio;
        }
        String where = file + ":" + n;
        String before = e.priorities.putIfAbsent(prio, where);
        if (before != null) {
            error(
                    file,
                    n,
                    "priority " + (prio == -1 ? "hint" : prio) + " of '" + exten + "' is already defined at " + before);
        }
        String label = p.group(2);
        if (label != null && e.labels.putIfAbsent(label, prio) != null) {
            error(file, n, "label (" + label + ") is used twice in '" + exten + "'");
        }
    }

    private void application(String app, String file, int n) {
        Matcher a = APP.matcher(app);
        if (app.isEmpty() || !a.lookingAt()) {
            error(file, n, "expected an application such as Dial(...) after the priority, found '" + app + "'");
            return;
        }
        int round = 0;
        int curly = 0;
        int square = 0;
        for (int i = 0; i < app.length(); i++) {
            char c = app.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            switch (c) {
                case '(' -> round++;
                case ')' -> round--;
                case '{' -> curly++;
                case '}' -> curly--;
                case '[' -> square++;
                case ']' -> square--;
                default -> {}
            }
            if (round < 0 || curly < 0 || square < 0) {
                break;
            }
        }
        if (round != 0) {
            error(file, n, "unbalanced parentheses in '" + app + "'");
        } else if (curly != 0) {
            error(file, n, "unbalanced braces in '" + app + "' (a ${...} is not closed)");
        } else if (square != 0) {
            error(file, n, "unbalanced brackets in '" + app + "' (a $[...] is not closed)");
        }
    }

    /** Drops {@code ;} comments and {@code ;-- … --;} blocks; {@code \;} is a literal semicolon. */
    static String stripComment(String line, boolean[] inBlock) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            if (inBlock[0]) {
                if (line.startsWith("--;", i)) {
                    inBlock[0] = false;
                    i += 2;
                }
                continue;
            }
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                sb.append(';');
                i++;
            } else if (line.startsWith(";--", i)) {
                inBlock[0] = true;
                i += 2;
            } else if (c == ';') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void error(String file, int line, String message) {
        errors.add(new DialplanProblem(file, line, message));
    }
}
