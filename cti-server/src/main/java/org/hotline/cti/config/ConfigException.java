package org.hotline.cti.config;

import java.util.List;
import java.util.stream.Collectors;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * Configuration that cannot be used; lists every problem found, one {@code file: key: reason} a
 * line (a single problem is the message itself).
 */
public final class ConfigException extends CtiException {
    private static final long serialVersionUID = 1L;

    public static final ErrorId ID = ErrorId.INVALID_CONFIG;

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(
                ID,
                problems.size() == 1
                        ? problems.get(0).toString()
                        : problems.stream()
                                .map(ConfigProblem::toString)
                                .collect(Collectors.joining("\n", "invalid configuration:\n", "")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
