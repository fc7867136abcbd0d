package org.hotline.cti.domain.dialplan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the files define for one context: its extensions with their priorities, and its includes. */
public final class DialplanContext {
    private final String name;
    private final Map<String, Extension> extensions = new LinkedHashMap<>();
    private final List<String> includes = new ArrayList<>();
    private final String file;
    private final int line;

    /** One extension: the priorities it has (numbers; a hint counts as priority -1) and labels. */
    static final class Extension {
        final Map<Integer, String> priorities = new LinkedHashMap<>(); // priority → "file:line"
        final Map<String, Integer> labels = new LinkedHashMap<>();
        int last;
    }

    DialplanContext(String name, String file, int line) {
        this.name = name;
        this.file = file;
        this.line = line;
    }

    /** Where the context is first opened, for problems about the context as a whole. */
    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String name() {
        return name;
    }

    public List<String> extensionNames() {
        return List.copyOf(extensions.keySet());
    }

    public List<String> includes() {
        return Collections.unmodifiableList(includes);
    }

    /** Every priority line (hints included), as Asterisk counts them in {@code dialplan show}. */
    public int priorityCount() {
        return extensions.values().stream().mapToInt(e -> e.priorities.size()).sum();
    }

    /** Whether some extension here answers {@code number}. */
    public boolean answers(String number) {
        return extensions.keySet().stream().anyMatch(e -> ExtensionPattern.matches(e, number));
    }

    Map<String, Extension> extensions() {
        return extensions;
    }

    void addInclude(String context) {
        includes.add(context);
    }
}
