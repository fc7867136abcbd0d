package org.hotline.cti.domain.dialplan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code dialplan check}: syntax of every file reachable from extensions.conf, includes that
 * resolve, and the contexts the CTI relies on ({@link DialplanContract}). Pure: it is given the
 * files' text, so the CLI, the admin API and the tests check exactly the same way.
 */
public final class DialplanChecker {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.conf");

    /** Caps on an upload, checked before anything is parsed (issue 11 item 11). */
    public static final int MAX_FILES = 100;

    public static final int MAX_TOTAL_CHARS = 2 * 1024 * 1024;

    private DialplanChecker() {}

    /** @param files file name (no directory) → its text */
    public static DialplanReport check(Map<String, String> files) {
        Map<String, String> sorted = new TreeMap<>(files);
        List<DialplanProblem> errors = new ArrayList<>();
        List<DialplanProblem> warnings = new ArrayList<>();
        long total = sorted.values().stream().mapToLong(String::length).sum();
        if (sorted.size() > MAX_FILES || total > MAX_TOTAL_CHARS) {
            errors.add(new DialplanProblem(
                    "(upload)",
                    0,
                    sorted.size() + " files, " + total + " characters: a dialplan is at most " + MAX_FILES
                            + " files and " + MAX_TOTAL_CHARS + " characters"));
            return new DialplanReport(errors, warnings, Map.of(), List.of());
        }
        for (String name : sorted.keySet()) {
            if (!FILE_NAME.matcher(name).matches()) {
                errors.add(new DialplanProblem(
                        name, 0, "file name must be letters, digits, '.', '_' or '-' ending in .conf"));
            } else if (DialplanContract.PROTECTED_FILES.contains(name)) {
                errors.add(new DialplanProblem(
                        name, 0, "is PBX configuration, not dialplan: a dialplan load never replaces it"));
            }
        }
        if (!sorted.containsKey(DialplanContract.ENTRY_FILE)) {
            errors.add(new DialplanProblem(
                    DialplanContract.ENTRY_FILE, 0, "missing: Asterisk starts reading the dialplan here"));
            return new DialplanReport(errors, warnings, Map.of(), List.of());
        }
        DialplanParser parser = new DialplanParser(sorted);
        parser.parse(DialplanContract.ENTRY_FILE);
        parser.finish();
        errors.addAll(parser.errors);
        for (String name : sorted.keySet()) {
            if (!parser.read.contains(name)) {
                warnings.add(new DialplanProblem(
                        name,
                        0,
                        "not #included from extensions.conf: Asterisk would not read it, so it is not installed"));
            }
        }
        contract(parser.contexts, errors);
        return new DialplanReport(errors, warnings, parser.contexts, parser.read);
    }

    private static void contract(Map<String, DialplanContext> contexts, List<DialplanProblem> errors) {
        DialplanContract.REQUIRED.forEach((name, number) -> {
            DialplanContext ctx = contexts.get(name);
            if (ctx == null) {
                errors.add(new DialplanProblem(
                        DialplanContract.ENTRY_FILE,
                        0,
                        "context [" + name + "] is missing; the CTI relies on it (see config/asterisk/README.md)"));
            } else if (ctx.extensionNames().isEmpty()) {
                errors.add(new DialplanProblem(ctx.file(), ctx.line(), "context [" + name + "] has no extensions"));
            } else if (number != null && !ctx.answers(number)) {
                errors.add(new DialplanProblem(
                        ctx.file(),
                        ctx.line(),
                        "context [" + name + "] has no extension matching " + number + "; the CTI relies on it"));
            }
        });
    }
}
