package org.hotline.cti.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.cti.TextFiles;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one reader for every config file (cti.yaml, departments.yaml, calendar/, roster.yaml,
 * kb.yaml): a YAML tree that knows its file and key path, and collects problems instead of stopping
 * at the first, so a start reports everything wrong at once, each as {@code file: key: reason}
 * ({@code config/cti.yaml: ami.port: must be 1..65535, was 0}). A getter that records a problem
 * returns its fallback (or {@code null} for a required value); the caller ends with {@link
 * #throwIfProblems()}. Durations use the one grammar of {@link Durations}. Values may refer to
 * environment variables: {@code ${NAME}} or {@code ${NAME:-default}}.
 */
public final class ConfigNode {
    /**
     * The largest config file read (4 MiB): the shipped ones are a few KiB, a large knowledge-base
     * seed a few hundred; a bigger file is a mistake (a log, a database dump) and is refused before
     * it is parsed, naming its size (README "Configuration").
     */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    // rebuild(), not builder(): the builder starts without the factory's default parser features
    // (an empty value such as `metrics:` would read as "" instead of null).
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().rebuild().loaderOptions(loaderOptions()).build());
    /** A key as the loaders name them (not an internal placeholder). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    /** SnakeYAML's own cap (3 M code points, with a cryptic message) raised to ours, which is checked first. */
    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_FILE_BYTES);
        return o;
    }

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Function<String, String> env;
    private final List<ConfigProblem> problems;
    /**
     * The keys the loaders asked for, per mapping of this file (by identity): a key written in the
     * file that no loader asked for is unknown ({@link #reportUnknownKeys()}).
     */
    private final Map<JsonNode, Set<String>> asked;

    private ConfigNode(
            String file,
            String path,
            JsonNode node,
            Function<String, String> env,
            List<ConfigProblem> problems,
            Map<JsonNode, Set<String>> asked) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.env = env;
        this.problems = problems;
        this.asked = asked;
    }

    /** The value at {@code key}, remembering that the key is known. */
    private JsonNode get(String key) {
        if (node.isObject()) {
            asked.computeIfAbsent(node, n -> new LinkedHashSet<>()).add(key);
        }
        return node.get(key);
    }

    /** Reads cti.yaml-style files: an unreadable or malformed file stops here, with its one problem. */
    public static ConfigNode load(Path file) {
        return load(file, System::getenv);
    }

    public static ConfigNode load(Path file, Function<String, String> env) {
        ConfigNode root = read(file, new ArrayList<>(), env);
        root.throwIfProblems();
        return root;
    }

    /**
     * Reads {@code file} and records into {@code problems} (shared by several files, as the calendar
     * folder does); a missing or malformed file becomes a problem and an empty tree.
     */
    public static ConfigNode read(Path file, List<ConfigProblem> problems) {
        return read(file, problems, System::getenv);
    }

    static ConfigNode read(Path file, List<ConfigProblem> problems, Function<String, String> env) {
        String name = file.toString();
        try {
            return parse(name, TextFiles.readUtf8(file, MAX_FILE_BYTES), env, problems);
        } catch (TextFiles.Refused e) {
            problems.add(new ConfigProblem(name, "(file)", e.reason()));
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(name, "(file)", "cannot read: no such file"));
        } catch (IOException e) {
            problems.add(new ConfigProblem(name, "(file)", "cannot read: " + e));
        }
        return new ConfigNode(name, "", MissingNode.getInstance(), env, problems, new IdentityHashMap<>());
    }

    /** Parses YAML text; a syntax error stops here, with its one problem. */
    public static ConfigNode parse(String file, String yaml, Function<String, String> env) {
        ConfigNode root = parse(file, yaml, env, new ArrayList<>());
        root.throwIfProblems();
        return root;
    }

    private static ConfigNode parse(
            String file, String yaml, Function<String, String> env, List<ConfigProblem> problems) {
        JsonNode root = MissingNode.getInstance();
        if (yaml.length() > MAX_FILE_BYTES) {
            problems.add(new ConfigProblem(
                    file, "(file)", "is " + yaml.length() + " characters, over the limit of " + MAX_FILE_BYTES));
            return new ConfigNode(file, "", root, env, problems, new IdentityHashMap<>());
        }
        try {
            JsonNode parsed = YAML.readTree(yaml);
            if (parsed == null || !parsed.isObject()) {
                problems.add(new ConfigProblem(file, "(root)", "expected a mapping at the top of the file"));
            } else {
                root = parsed;
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? "(syntax)"
                    : "line " + e.getLocation().getLineNr();
            problems.add(new ConfigProblem(file, where, "not valid YAML: " + e.getOriginalMessage()));
        }
        return new ConfigNode(file, "", root, env, problems, new IdentityHashMap<>());
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    /** True when the file could not be read (the problem is already recorded). */
    public boolean isMissing() {
        return node.isMissingNode();
    }

    public boolean has(String key) {
        JsonNode v = get(key);
        return v != null && !v.isNull();
    }

    /** Records {@code reason} at {@code key} under this node ({@code ""}: this node itself). */
    public void problem(String key, String reason) {
        problems.add(new ConfigProblem(file, key.isEmpty() ? (path.isEmpty() ? "(root)" : path) : join(key), reason));
    }

    /** Records a problem found by the caller on a whole file or folder. */
    public static void problem(List<ConfigProblem> problems, Path where, String key, String reason) {
        problems.add(new ConfigProblem(where.toString(), key, reason));
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Throws one {@link ConfigException} listing every problem recorded so far (in all files read with it). */
    public void throwIfProblems() {
        throwIfAny(problems);
    }

    public static void throwIfAny(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Declares keys this node may hold that the loader reads only in some cases (a node's own
     * {@code username} instead of the shared one; {@code department} for department users only), so
     * that they are not reported as unknown.
     */
    public void known(String... keys) {
        for (String key : keys) {
            get(key);
        }
    }

    /**
     * Records every key of this file that no loader asked for (a typo such as {@code commitLingr},
     * or a key in the wrong section), each at its full path, with the closest known key when one is
     * near: {@code cti.yaml: database.commitLingr: unknown key; did you mean 'commitLinger'?}. Call
     * it on the file's root after reading every section, before {@link #throwIfProblems()}. Keys
     * under an unknown key, or under a value already refused, are not listed again.
     */
    public void reportUnknownKeys() {
        unknownKeys(node, path);
    }

    private void unknownKeys(JsonNode n, String at) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                unknownKeys(n.get(i), at + "[" + i + "]");
            }
            return;
        }
        Set<String> known = n.isObject() ? asked.get(n) : null;
        if (known == null) {
            return; // a scalar, or a mapping no loader read (its parent is unknown, refused, or one too many)
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String key = e.getKey();
            String where = at.isEmpty() ? key : at + "." + key;
            if (known.contains(key)) {
                unknownKeys(e.getValue(), where);
            } else {
                problems.add(new ConfigProblem(file, where, unknownKey(key, known)));
            }
        }
    }

    /** "unknown key", with the nearest known key (a typo), else the keys this mapping takes. */
    static String unknownKey(String key, Set<String> known) {
        List<String> names =
                known.stream().filter(k -> KEY.matcher(k).matches()).toList();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : names) {
            int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // One edit in three characters at most (hots → host, expiry → expires), else it is a guess.
        if (best != null && bestDistance <= Math.max(1, Math.min(3, key.length() / 3))) {
            return "unknown key; did you mean '" + best + "'?";
        }
        if (names.isEmpty()) {
            return "unknown key; this section takes no keys";
        }
        return "unknown key; known keys here: " + String.join(", ", names);
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Whether {@code key} holds a list (a section that takes a mapping or a list, such as {@code ami}). */
    public boolean isList(String key) {
        JsonNode v = get(key);
        return v != null && v.isArray();
    }

    /** A mapping; absent is an empty one. */
    public ConfigNode child(String key) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            v = YAML.createObjectNode();
        } else if (!v.isObject()) {
            problem(key, "must be a mapping");
            v = YAML.createObjectNode();
        }
        return new ConfigNode(file, join(key), v, env, problems, asked);
    }

    public List<ConfigNode> list(String key) {
        return list(key, false);
    }

    /** The elements of a list; absent is empty unless {@code required}. */
    public List<ConfigNode> list(String key, boolean required) {
        JsonNode v = get(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            if (required) {
                problem(key, "is required (a list)");
            }
            return out;
        }
        if (!v.isArray()) {
            problem(key, "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(file, join(key) + "[" + i + "]", v.get(i), env, problems, asked));
        }
        if (required && out.isEmpty()) {
            problem(key, "must not be empty");
        }
        return out;
    }

    /** The scalar elements of a list as trimmed strings (blank ones reported). */
    public List<String> texts(String key, boolean required) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list(key, required)) {
            String t = item.node.isValueNode() ? item.substitute("", item.node.asText()) : "";
            if (t == null) {
                continue; // already reported
            }
            if (t.isBlank()) {
                problems.add(new ConfigProblem(file, item.path, "must be a non-blank value"));
            } else {
                out.add(t.trim());
            }
        }
        return out;
    }

    /** A list of strings, or one string standing for a list of one; {@code fallback} when absent. */
    public List<String> strings(String key, List<String> fallback) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isValueNode()) {
            String t = substitute(key, v.asText());
            return t == null ? fallback : List.of(t.trim());
        }
        return texts(key, false);
    }

    /** Text value of this node itself (for list items that are plain strings). */
    public String asText() {
        String t = substitute("", node.asText());
        return t == null ? "" : t;
    }

    /** An optional value, trimmed (blank allowed, e.g. {@code ${PASSWORD:-}}); {@code fallback} when absent. */
    public String text(String key, String fallback) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            problem(key, "must be a single value");
            return fallback;
        }
        String t = substitute(key, v.asText());
        return t == null ? fallback : t.trim();
    }

    /** A required non-blank value; {@code null} after recording a problem. */
    public String requiredText(String key) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            problem(key, "is required");
            return null;
        }
        String t = v.isValueNode() ? substitute(key, v.asText()) : "";
        if (t == null) {
            return null; // already reported
        }
        if (t.isBlank()) {
            problem(key, "must be a non-blank value");
            return null;
        }
        return t.trim();
    }

    /** Absent: {@code fallback}; present: it must be non-blank. */
    public String optionalText(String key, String fallback) {
        return has(key) ? requiredText(key) : fallback;
    }

    public int integer(String key, int fallback, int min, int max) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problem(key, "must be " + min + ".." + max + ", was " + i);
                return fallback;
            }
            return i;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number, was '" + v + "'");
            return fallback;
        }
    }

    public boolean bool(String key, boolean fallback) {
        Boolean b = has(key) ? requiredBool(key) : null;
        return b == null ? fallback : b;
    }

    /** {@code true}/{@code false} (also yes/no, on/off); {@code null} after recording a problem. */
    public Boolean requiredBool(String key) {
        String v = has(key) ? text(key, null) : null;
        if (v == null) {
            if (!has(key)) {
                problem(key, "is required (true or false)");
            }
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key, "must be true or false, was '" + v + "'");
                yield null;
            }
        };
    }

    /** A duration in the one grammar of {@link Durations} ({@code 90 seconds}, {@code 5 min}, {@code 2h}). */
    public Duration duration(String key, Duration fallback) {
        if (!has(key)) {
            return fallback;
        }
        Duration d = requiredDuration(key);
        return d == null ? fallback : d;
    }

    public Duration requiredDuration(String key) {
        return parsed(key, requiredText(key), Durations::parse, null);
    }

    /** A required date {@code YYYY-MM-DD}. */
    public LocalDate date(String key) {
        return parsed(key, requiredText(key), LocalDate::parse, "a date YYYY-MM-DD");
    }

    /**
     * Applies {@code parser} to a value already read ({@code null}: nothing to do); a failure is
     * recorded at {@code key} as "expected {@code expected}, got 'value'", or with the parser's own
     * message when {@code expected} is null.
     */
    public <T> T parsed(String key, String value, Function<String, T> parser, String expected) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (DateTimeException | IllegalArgumentException e) {
            problem(key, expected == null ? e.getMessage() : "expected " + expected + ", got '" + value + "'");
            return null;
        }
    }

    /** {@code value} with environment variables put in; {@code null} after recording an unset one. */
    private String substitute(String key, String value) {
        Matcher m = ENV.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                if (m.group(2) == null) {
                    problem(key, "refers to environment variable " + m.group(1) + ", which is not set");
                    return null;
                } else {
                    v = m.group(3);
                }
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
