package org.hotline.cti.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one YAML file as a tree and collects problems instead of stopping at the first, so a start
 * reports everything wrong at once. Getters return {@code null} after recording a problem.
 */
final class YamlReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String file;
    private final List<ConfigProblem> problems;

    YamlReader(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Parses {@code path}; a missing or malformed file becomes a problem and a missing node. */
    JsonNode read(Path path) {
        try {
            JsonNode root = YAML.readTree(Files.readString(path, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                problem("(root)", "expected a mapping at the top of the file");
                return MissingNode.getInstance();
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? "(syntax)"
                    : "line " + e.getLocation().getLineNr();
            problem(where, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            problem("(file)", "cannot read: " + e);
        }
        return MissingNode.getInstance();
    }

    String file() {
        return file;
    }

    void problem(String key, String reason) {
        problems.add(new ConfigProblem(file, key, reason));
    }

    /** A required non-blank scalar. */
    String text(JsonNode parent, String field, String key) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            problem(key, "missing");
            return null;
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            problem(key, "must be a non-blank value");
            return null;
        }
        return node.asText().trim();
    }

    /** An optional scalar; {@code fallback} when absent. */
    String optionalText(JsonNode parent, String field, String key, String fallback) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        return text(parent, field, key);
    }

    Boolean bool(JsonNode parent, String field, String key) {
        JsonNode node = parent.path(field);
        if (!node.isBoolean()) {
            problem(key, node.isMissingNode() ? "missing (true or false)" : "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    LocalDate date(JsonNode parent, String field, String key) {
        return parsed(text(parent, field, key), key, LocalDate::parse, "a date YYYY-MM-DD");
    }

    Duration duration(JsonNode parent, String field, String key) {
        return parsed(text(parent, field, key), key, Durations::parse, null);
    }

    /** Applies {@code parser} to a value already read; a failure becomes a problem. */
    <T> T parsed(String value, String key, Function<String, T> parser, String expected) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problem(key, expected == null ? e.getMessage() : "expected " + expected + ", got '" + value + "'");
            return null;
        }
    }

    /** The elements of a list field; a missing list is empty unless {@code required}. */
    List<JsonNode> list(JsonNode parent, String field, String key, boolean required) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                problem(key, "missing (a list)");
            }
            return List.of();
        }
        if (!node.isArray()) {
            problem(key, "must be a list");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        if (required && items.isEmpty()) {
            problem(key, "must not be empty");
        }
        return items;
    }

    /** The scalar elements of a list field as trimmed strings (blank ones reported). */
    List<String> texts(JsonNode parent, String field, String key, boolean required) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = list(parent, field, key, required);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isValueNode() || item.asText().isBlank()) {
                problem(key + "[" + i + "]", "must be a non-blank value");
            } else {
                out.add(item.asText().trim());
            }
        }
        return out;
    }

    static void throwIfAny(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
