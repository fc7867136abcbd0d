package org.hotline.cti.domain.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/** The departments and the matter list, looked up by code; immutable, replaced whole on reload. */
public final class Directory {

    public static final ErrorId INVALID = ErrorId.INVALID_DIRECTORY;

    private final Map<String, Department> departments = new LinkedHashMap<>();
    private final Map<String, Matter> matters = new LinkedHashMap<>();
    private final String supervisionOffice;

    /** Throws {@code invalid-directory} on duplicate codes or a matter of an unknown department. */
    public Directory(List<Department> departments, List<Matter> matters) {
        this(departments, matters, null);
    }

    /**
     * With {@code supervisionOffice}, the department code of the business-environment supervision
     * office (营商环境监督局) that escalated work orders go to (R15); null when there is none. Also
     * refuses a parent that is unknown or a loop, a district unit without a parent, and a three-way
     * matter whose department has no transfer number (R1).
     */
    public Directory(List<Department> departments, List<Matter> matters, String supervisionOffice) {
        for (Department d : departments) {
            if (this.departments.putIfAbsent(d.code(), d) != null) {
                throw new CtiException(INVALID, "duplicate department code " + d.code());
            }
        }
        // Codes whose chain of parents ends at a city unit: each chain is walked once, so a deep
        // hierarchy costs its length, not its length squared.
        java.util.Set<String> ends = new java.util.HashSet<>();
        for (Department d : departments) {
            if (d.parent() != null && !this.departments.containsKey(d.parent())) {
                throw new CtiException(INVALID, "department " + d.code() + " names unknown parent " + d.parent());
            }
            if (d.level() == Department.Level.DISTRICT && d.parent() == null) {
                throw new CtiException(
                        INVALID, "district department " + d.code() + " needs its parent (the city unit)");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String p = d.code();
                    p != null && !ends.contains(p);
                    p = this.departments.get(p).parent()) {
                if (!seen.add(p)) {
                    throw new CtiException(INVALID, "department " + d.code() + ": its parents form a loop");
                }
            }
            ends.addAll(seen);
        }
        for (Matter m : matters) {
            if (!this.departments.containsKey(m.departmentCode())) {
                throw new CtiException(
                        INVALID, "matter " + m.code() + " names unknown department " + m.departmentCode());
            }
            if (m.threeWay()
                    && this.departments
                            .get(m.departmentCode())
                            .transferNumbers()
                            .isEmpty()) {
                throw new CtiException(
                        INVALID,
                        "matter " + m.code() + " is three-way but department " + m.departmentCode()
                                + " has no transfer number");
            }
            if (this.matters.putIfAbsent(m.code(), m) != null) {
                throw new CtiException(INVALID, "duplicate matter code " + m.code());
            }
        }
        if (supervisionOffice != null && !this.departments.containsKey(supervisionOffice)) {
            throw new CtiException(INVALID, "the supervision office " + supervisionOffice + " is not a department");
        }
        this.supervisionOffice = supervisionOffice;
    }

    /** The business-environment supervision office that escalated work orders go to (R15). */
    public Optional<String> supervisionOffice() {
        return Optional.ofNullable(supervisionOffice);
    }

    /** The unit above {@code code} and those below it: where a return as not our remit goes (R15). */
    public List<Department> neighbours(String code) {
        Department d = departments.get(code);
        if (d == null) {
            return List.of();
        }
        List<Department> out = new java.util.ArrayList<>();
        if (d.parent() != null) {
            out.add(departments.get(d.parent()));
        }
        departments.values().stream().filter(x -> code.equals(x.parent())).forEach(out::add);
        return out;
    }

    public Optional<Department> department(String code) {
        return Optional.ofNullable(departments.get(code));
    }

    public Optional<Matter> matter(String code) {
        return Optional.ofNullable(matters.get(code));
    }

    public List<Department> departments() {
        return List.copyOf(departments.values());
    }

    public List<Matter> matters() {
        return List.copyOf(matters.values());
    }

    public List<Matter> mattersOf(String departmentCode) {
        return matters.values().stream()
                .filter(m -> m.departmentCode().equals(departmentCode))
                .toList();
    }

    /**
     * Matters whose code, Chinese name or department (code or name) contains {@code query}, ignoring
     * case and surrounding blanks; matches on the matter itself come first. A blank query lists all.
     */
    public List<Matter> search(String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return matters();
        }
        List<Matter> own = matters.values().stream()
                .filter(m -> contains(m.code(), q) || contains(m.name(), q))
                .toList();
        List<Matter> byDepartment = matters.values().stream()
                .filter(m -> !own.contains(m))
                .filter(m -> contains(m.departmentCode(), q)
                        || contains(departments.get(m.departmentCode()).name(), q))
                .toList();
        return java.util.stream.Stream.concat(own.stream(), byDepartment.stream())
                .toList();
    }

    private static boolean contains(String text, String lowerQuery) {
        return text.toLowerCase(Locale.ROOT).contains(lowerQuery);
    }
}
