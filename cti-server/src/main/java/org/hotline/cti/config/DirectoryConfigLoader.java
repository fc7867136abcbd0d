package org.hotline.cti.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.directory.Matter;
import org.hotline.cti.domain.directory.Specialist;

/** Loads {@code config/departments.yaml}: departments, their specialists, and the matter list (R1, R3). */
public final class DirectoryConfigLoader {

    /** Used when neither the department nor {@code defaults.ringTimeout} says otherwise. */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern NUMBER = Pattern.compile("\\S+");

    private DirectoryConfigLoader() {}

    /** Reads and validates the file; throws {@link ConfigException} naming every problem. */
    public static Directory load(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader yaml = new YamlReader(file.toString(), problems);
        JsonNode root = yaml.read(file);
        Duration defaultTimeout = DEFAULT_RING_TIMEOUT;
        if (root.path("defaults").has("ringTimeout")) {
            Duration d = positive(
                    yaml,
                    yaml.duration(root.path("defaults"), "ringTimeout", "defaults.ringTimeout"),
                    "defaults.ringTimeout");
            defaultTimeout = d == null ? DEFAULT_RING_TIMEOUT : d;
        }
        // Codes of every declared department, even one with other errors, so that its matters are not
        // also reported as naming an unknown department.
        Set<String> departmentCodes = new HashSet<>();
        List<Department> departments = departments(yaml, root, defaultTimeout, departmentCodes);
        List<Matter> matters = matters(yaml, root, departmentCodes);
        hierarchy(yaml, departments, departmentCodes);
        for (int i = 0; i < matters.size(); i++) {
            Matter m = matters.get(i);
            departments.stream()
                    .filter(d -> d.code().equals(m.departmentCode())
                            && d.transferNumbers().isEmpty()
                            && m.threeWay())
                    .findFirst()
                    .ifPresent(d -> yaml.problem(
                            "matters (" + m.code() + ")",
                            "three-way, but department '" + d.code() + "' has no transferNumbers (R1)"));
        }
        String office = yaml.optionalText(root, "supervisionOffice", "supervisionOffice", null);
        if (office != null && !departmentCodes.contains(office)) {
            yaml.problem("supervisionOffice", "unknown department '" + office + "'");
        }
        YamlReader.throwIfAny(problems);
        return new Directory(departments, matters, office);
    }

    private static List<Department> departments(
            YamlReader yaml, JsonNode root, Duration defaultTimeout, Set<String> codes) {
        List<Department> out = new ArrayList<>();
        List<JsonNode> nodes = yaml.list(root, "departments", "departments", !root.isMissingNode());
        for (int i = 0; i < nodes.size(); i++) {
            String key = "departments[" + i + "]";
            JsonNode n = nodes.get(i);
            String code = code(yaml, n, key, codes, "department");
            String name = yaml.text(n, "name", key + ".name");
            // A department reached by work order only (the supervision office, a district unit) needs no number.
            List<String> numbers = numbers(yaml, n, "transferNumbers", key + ".transferNumbers", false);
            String levelText = yaml.optionalText(n, "level", key + ".level", "city");
            Department.Level level = switch (levelText == null ? "city" : levelText) {
                case "city" -> Department.Level.CITY;
                case "district" -> Department.Level.DISTRICT;
                default -> {
                    yaml.problem(key + ".level", "must be city or district, was '" + levelText + "'");
                    yield null;
                }
            };
            String parent = yaml.optionalText(n, "parent", key + ".parent", null);
            Duration timeout = n.has("ringTimeout")
                    ? positive(yaml, yaml.duration(n, "ringTimeout", key + ".ringTimeout"), key + ".ringTimeout")
                    : defaultTimeout;
            List<Specialist> specialists = new ArrayList<>();
            List<JsonNode> sNodes = yaml.list(n, "specialists", key + ".specialists", false);
            for (int j = 0; j < sNodes.size(); j++) {
                String skey = key + ".specialists[" + j + "]";
                String sName = yaml.text(sNodes.get(j), "name", skey + ".name");
                String number = number(yaml, sNodes.get(j), "number", skey + ".number");
                if (sName != null && number != null) {
                    specialists.add(new Specialist(sName, number));
                }
            }
            if (level == Department.Level.DISTRICT && parent == null) {
                yaml.problem(key + ".parent", "required for a district unit: the city unit above it (R15)");
            }
            if (code != null
                    && name != null
                    && timeout != null
                    && level != null
                    && specialists.size() == sNodes.size()
                    && !(level == Department.Level.DISTRICT && parent == null)) {
                out.add(new Department(code, name, numbers, timeout, specialists, level, parent));
            }
        }
        return out;
    }

    /** Parents must exist and must not form a loop (R15 returns go up or down this tree). */
    private static void hierarchy(YamlReader yaml, List<Department> departments, Set<String> codes) {
        java.util.Map<String, String> parentOf = new java.util.HashMap<>();
        departments.forEach(d -> parentOf.put(d.code(), d.parent()));
        for (int i = 0; i < departments.size(); i++) {
            Department d = departments.get(i);
            if (d.parent() == null) {
                continue;
            }
            if (!codes.contains(d.parent())) {
                yaml.problem("departments (" + d.code() + ").parent", "unknown department '" + d.parent() + "'");
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (String p = d.code(); p != null; p = parentOf.get(p)) {
                if (!seen.add(p)) {
                    yaml.problem("departments (" + d.code() + ").parent", "parents form a loop through '" + p + "'");
                    break;
                }
            }
        }
    }

    private static List<Matter> matters(YamlReader yaml, JsonNode root, Set<String> departmentCodes) {
        List<Matter> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        List<JsonNode> nodes = yaml.list(root, "matters", "matters", false);
        for (int i = 0; i < nodes.size(); i++) {
            String key = "matters[" + i + "]";
            JsonNode n = nodes.get(i);
            String code = code(yaml, n, key, codes, "matter");
            String name = yaml.text(n, "name", key + ".name");
            String department = yaml.text(n, "department", key + ".department");
            if (department != null && !departmentCodes.contains(department)) {
                yaml.problem(key + ".department", "unknown department '" + department + "'");
                department = null;
            }
            Boolean threeWay = yaml.bool(n, "threeWay", key + ".threeWay");
            String answer = yaml.optionalText(n, "kbAnswer", key + ".kbAnswer", "");
            if (Boolean.FALSE.equals(threeWay) && "".equals(answer)) {
                // R3: a matter not on the three-way list is answered from the knowledge base at once.
                yaml.problem(
                        key + ".kbAnswer", "required when threeWay is false (R3: answered from the knowledge base)");
                answer = null;
            }
            if (code != null && name != null && department != null && threeWay != null && answer != null) {
                out.add(new Matter(code, name, department, threeWay, answer));
            }
        }
        return out;
    }

    private static String code(YamlReader yaml, JsonNode n, String key, Set<String> seen, String what) {
        String code = yaml.text(n, "code", key + ".code");
        if (code == null) {
            return null;
        }
        if (!CODE.matcher(code).matches()) {
            yaml.problem(key + ".code", "'" + code + "' must be lower-case letters, digits and dashes");
            return null;
        }
        if (!seen.add(code)) {
            yaml.problem(key + ".code", "duplicate " + what + " code '" + code + "'");
            return null;
        }
        return code;
    }

    private static List<String> numbers(YamlReader yaml, JsonNode n, String field, String key, boolean required) {
        List<String> numbers = new ArrayList<>();
        List<String> texts = yaml.texts(n, field, key, required);
        for (int i = 0; i < texts.size(); i++) {
            if (NUMBER.matcher(texts.get(i)).matches()) {
                numbers.add(texts.get(i));
            } else {
                yaml.problem(key + "[" + i + "]", "'" + texts.get(i) + "' must not contain blanks");
            }
        }
        return numbers;
    }

    private static String number(YamlReader yaml, JsonNode n, String field, String key) {
        String number = yaml.text(n, field, key);
        if (number != null && !NUMBER.matcher(number).matches()) {
            yaml.problem(key, "'" + number + "' must not contain blanks");
            return null;
        }
        return number;
    }

    private static Duration positive(YamlReader yaml, Duration d, String key) {
        if (d != null && d.isZero()) {
            yaml.problem(key, "must be more than 0");
            return null;
        }
        return d;
    }
}
