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

    private DirectoryConfigLoader() {
    }

    /** Reads and validates the file; throws {@link ConfigException} naming every problem. */
    public static Directory load(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader yaml = new YamlReader(file.toString(), problems);
        JsonNode root = yaml.read(file);
        Duration defaultTimeout = DEFAULT_RING_TIMEOUT;
        if (root.path("defaults").has("ringTimeout")) {
            Duration d = positive(yaml, yaml.duration(root.path("defaults"), "ringTimeout", "defaults.ringTimeout"),
                    "defaults.ringTimeout");
            defaultTimeout = d == null ? DEFAULT_RING_TIMEOUT : d;
        }
        // Codes of every declared department, even one with other errors, so that its matters are not
        // also reported as naming an unknown department.
        Set<String> departmentCodes = new HashSet<>();
        List<Department> departments = departments(yaml, root, defaultTimeout, departmentCodes);
        List<Matter> matters = matters(yaml, root, departmentCodes);
        YamlReader.throwIfAny(problems);
        return new Directory(departments, matters);
    }

    private static List<Department> departments(YamlReader yaml, JsonNode root, Duration defaultTimeout,
                                                Set<String> codes) {
        List<Department> out = new ArrayList<>();
        List<JsonNode> nodes = yaml.list(root, "departments", "departments", !root.isMissingNode());
        for (int i = 0; i < nodes.size(); i++) {
            String key = "departments[" + i + "]";
            JsonNode n = nodes.get(i);
            String code = code(yaml, n, key, codes, "department");
            String name = yaml.text(n, "name", key + ".name");
            List<String> numbers = numbers(yaml, n, "transferNumbers", key + ".transferNumbers", true);
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
            if (code != null && name != null && !numbers.isEmpty() && timeout != null
                    && specialists.size() == sNodes.size()) {
                out.add(new Department(code, name, numbers, timeout, specialists));
            }
        }
        return out;
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
                yaml.problem(key + ".kbAnswer", "required when threeWay is false (R3: answered from the knowledge base)");
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
