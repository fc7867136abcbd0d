package org.hotline.cti.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * A YAML config tree that knows its file and key path, so every error names the file, the key and
 * what is wrong ({@code config/cti.yaml: ami.port: must be 1..65535, was 0}). Values may refer to
 * environment variables: {@code ${NAME}} or {@code ${NAME:-default}}.
 */
public final class ConfigNode {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final Pattern DURATION =
            Pattern.compile("(\\d+)\\s*(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?)");

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Function<String, String> env;

    private ConfigNode(String file, String path, JsonNode node, Function<String, String> env) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.env = env;
    }

    public static ConfigNode load(Path file) {
        return load(file, System::getenv);
    }

    public static ConfigNode load(Path file, Function<String, String> env) {
        try {
            return parse(file.toString(), Files.readString(file), env);
        } catch (NoSuchFileException e) {
            throw new CtiException(ErrorId.INVALID_CONFIG, file + ": file not found");
        } catch (IOException e) {
            throw new CtiException(ErrorId.INVALID_CONFIG, file + ": cannot read: " + e.getMessage());
        }
    }

    public static ConfigNode parse(String file, String yaml, Function<String, String> env) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                throw new CtiException(ErrorId.INVALID_CONFIG, file + ": expected a YAML mapping at the top");
            }
            return new ConfigNode(file, "", root, env);
        } catch (IOException e) {
            String where =
                    e instanceof com.fasterxml.jackson.core.JsonProcessingException jp && jp.getLocation() != null
                            ? "line " + jp.getLocation().getLineNr() + ": "
                            : "";
            throw new CtiException(
                    ErrorId.INVALID_CONFIG,
                    file + ": " + where + "not valid YAML: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jp
                                    ? jp.getOriginalMessage()
                                    : e.getMessage()));
        }
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public ConfigNode child(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            v = YAML.createObjectNode();
        } else if (!v.isObject()) {
            throw error(key, "must be a mapping");
        }
        return new ConfigNode(file, join(key), v, env);
    }

    public List<ConfigNode> list(String key) {
        JsonNode v = node.get(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw error(key, "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(file, join(key) + "[" + i + "]", v.get(i), env));
        }
        return out;
    }

    public List<String> strings(String key, List<String> fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                out.add(substitute(key, e.asText()));
            }
        } else {
            out.add(substitute(key, v.asText()));
        }
        return out;
    }

    /** Text value of this node itself (for list items that are plain strings). */
    public String asText() {
        return substitute(path, node.asText());
    }

    public String text(String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw error(key, "must be a plain value");
        }
        return substitute(key, v.asText());
    }

    public String requiredText(String key) {
        String v = text(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "is required");
        }
        return v;
    }

    public int integer(String key, int fallback, int min, int max) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw error(key, "must be " + min + ".." + max + ", was " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number, was '" + v + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "must be true or false, was '" + v + "'");
        };
    }

    /** A duration with its unit in the value: {@code 10 seconds}, {@code 500 ms}, {@code 2 minutes}. */
    public Duration duration(String key, Duration fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw error(key, "must be a duration with a unit such as '10 seconds' or '500 ms', was '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit.startsWith("ms") || unit.startsWith("milli")) {
            return Duration.ofMillis(n);
        }
        return switch (unit.charAt(0)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    public CtiException error(String key, String reason) {
        return new CtiException(ErrorId.INVALID_CONFIG, file + ": " + join(key) + ": " + reason);
    }

    private String substitute(String key, String value) {
        Matcher m = ENV.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                if (m.group(2) == null) {
                    throw error(key, "refers to environment variable " + m.group(1) + ", which is not set");
                }
                v = m.group(3);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** For tests: the environment as a map. */
    public static Function<String, String> envOf(Map<String, String> vars) {
        return vars::get;
    }
}
