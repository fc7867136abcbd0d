package org.hotline.cti.config;

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
        ConfigNode root = ConfigNode.read(file, problems);
        Duration defaultTimeout = DEFAULT_RING_TIMEOUT;
        ConfigNode defaults = root.child("defaults");
        if (defaults.has("ringTimeout")) {
            Duration d = positive(defaults, "ringTimeout");
            defaultTimeout = d == null ? DEFAULT_RING_TIMEOUT : d;
        }
        // Codes of every declared department, even one with other errors, so that its matters are not
        // also reported as naming an unknown department.
        Set<String> departmentCodes = new HashSet<>();
        List<Department> departments = departments(root, defaultTimeout, departmentCodes);
        List<Matter> matters = matters(root, departmentCodes);
        hierarchy(root, departments, departmentCodes);
        java.util.Map<String, Department> byCode = new java.util.HashMap<>();
        departments.forEach(d -> byCode.putIfAbsent(d.code(), d));
        for (Matter m : matters) {
            Department d = byCode.get(m.departmentCode());
            if (d != null && d.transferNumbers().isEmpty() && m.threeWay()) {
                root.problem(
                        "matters (" + m.code() + ")",
                        "three-way, but department '" + d.code() + "' has no transferNumbers (R1)");
            }
        }
        String office = root.optionalText("supervisionOffice", null);
        if (office != null && !departmentCodes.contains(office)) {
            root.problem("supervisionOffice", "unknown department '" + office + "'");
        }
        root.reportUnknownKeys();
        root.throwIfProblems();
        return new Directory(departments, matters, office);
    }

    private static List<Department> departments(ConfigNode root, Duration defaultTimeout, Set<String> codes) {
        List<Department> out = new ArrayList<>();
        for (ConfigNode n : root.list("departments", !root.isMissing())) {
            String code = code(n, codes, "department");
            String name = n.requiredText("name");
            // A department reached by work order only (the supervision office, a district unit) needs no number.
            List<String> numbers = numbers(n, "transferNumbers");
            String levelText = n.optionalText("level", "city");
            Department.Level level = switch (levelText == null ? "city" : levelText) {
                case "city" -> Department.Level.CITY;
                case "district" -> Department.Level.DISTRICT;
                default -> {
                    n.problem("level", "must be city or district, was '" + levelText + "'");
                    yield null;
                }
            };
            String parent = n.optionalText("parent", null);
            Duration timeout = n.has("ringTimeout") ? positive(n, "ringTimeout") : defaultTimeout;
            List<Specialist> specialists = new ArrayList<>();
            List<ConfigNode> sNodes = n.list("specialists");
            for (ConfigNode sn : sNodes) {
                String sName = sn.requiredText("name");
                String number = number(sn, "number");
                if (sName != null && number != null) {
                    specialists.add(new Specialist(sName, number));
                }
            }
            if (level == Department.Level.DISTRICT && parent == null) {
                n.problem("parent", "required for a district unit: the city unit above it (R15)");
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
    private static void hierarchy(ConfigNode root, List<Department> departments, Set<String> codes) {
        java.util.Map<String, String> parentOf = new java.util.HashMap<>();
        departments.forEach(d -> parentOf.put(d.code(), d.parent()));
        // Codes whose chain of parents is known to end (at a city unit): each chain is walked once, so a
        // deep hierarchy costs its length, not its length squared.
        Set<String> ends = new HashSet<>();
        java.util.Map<String, String> loopThrough = new java.util.HashMap<>();
        for (int i = 0; i < departments.size(); i++) {
            Department d = departments.get(i);
            if (d.parent() == null) {
                continue;
            }
            if (!codes.contains(d.parent())) {
                root.problem("departments (" + d.code() + ").parent", "unknown department '" + d.parent() + "'");
                continue;
            }
            Set<String> seen = new java.util.LinkedHashSet<>();
            String p = d.code();
            while (p != null && !ends.contains(p) && !loopThrough.containsKey(p) && seen.add(p)) {
                p = parentOf.get(p);
            }
            if (p == null || ends.contains(p)) {
                ends.addAll(seen);
            } else {
                String loop = loopThrough.getOrDefault(p, p);
                seen.forEach(c -> loopThrough.put(c, loop));
                root.problem("departments (" + d.code() + ").parent", "parents form a loop through '" + loop + "'");
            }
        }
    }

    private static List<Matter> matters(ConfigNode root, Set<String> departmentCodes) {
        List<Matter> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (ConfigNode n : root.list("matters")) {
            String code = code(n, codes, "matter");
            String name = n.requiredText("name");
            String department = n.requiredText("department");
            if (department != null && !departmentCodes.contains(department)) {
                n.problem("department", "unknown department '" + department + "'");
                department = null;
            }
            Boolean threeWay = n.requiredBool("threeWay");
            String answer = n.optionalText("kbAnswer", "");
            if (Boolean.FALSE.equals(threeWay) && "".equals(answer)) {
                // R3: a matter not on the three-way list is answered from the knowledge base at once.
                n.problem("kbAnswer", "required when threeWay is false (R3: answered from the knowledge base)");
                answer = null;
            }
            if (code != null && name != null && department != null && threeWay != null && answer != null) {
                out.add(new Matter(code, name, department, threeWay, answer));
            }
        }
        return out;
    }

    private static String code(ConfigNode n, Set<String> seen, String what) {
        String code = n.requiredText("code");
        if (code == null) {
            return null;
        }
        if (!CODE.matcher(code).matches()) {
            n.problem("code", "'" + code + "' must be lower-case letters, digits and dashes");
            return null;
        }
        if (!seen.add(code)) {
            n.problem("code", "duplicate " + what + " code '" + code + "'");
            return null;
        }
        return code;
    }

    private static List<String> numbers(ConfigNode n, String field) {
        List<String> numbers = new ArrayList<>();
        List<String> texts = n.texts(field, false);
        for (int i = 0; i < texts.size(); i++) {
            if (NUMBER.matcher(texts.get(i)).matches()) {
                numbers.add(texts.get(i));
            } else {
                n.problem(field + "[" + i + "]", "'" + texts.get(i) + "' must not contain blanks");
            }
        }
        return numbers;
    }

    private static String number(ConfigNode n, String field) {
        String number = n.requiredText(field);
        if (number != null && !NUMBER.matcher(number).matches()) {
            n.problem(field, "'" + number + "' must not contain blanks");
            return null;
        }
        return number;
    }

    private static Duration positive(ConfigNode n, String field) {
        Duration d = n.requiredDuration(field);
        if (d != null && d.isZero()) {
            n.problem(field, "must be more than 0");
            return null;
        }
        return d;
    }
}
