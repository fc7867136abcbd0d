package org.hotline.cti.domain.dialplan;

import java.util.List;
import java.util.Map;

/**
 * The result of checking a set of dialplan files. {@code files} are the ones reachable from
 * extensions.conf, in the order Asterisk reads them; only those are installed.
 */
public record DialplanReport(
        List<DialplanProblem> errors,
        List<DialplanProblem> warnings,
        Map<String, DialplanContext> contexts,
        List<String> files) {
    public DialplanReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        contexts = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(contexts)); // file order, for stable messages
        files = List.copyOf(files);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The errors, one per line, for a CLI or an API message. */
    public String errorText() {
        StringBuilder sb = new StringBuilder();
        for (DialplanProblem p : errors) {
            sb.append(p).append('\n');
        }
        return sb.toString().strip();
    }
}
