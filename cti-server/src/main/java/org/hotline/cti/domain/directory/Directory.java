package org.hotline.cti.domain.directory;

import org.hotline.cti.ErrorId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.CtiException;

/** The departments and the matter list, looked up by code; immutable, replaced whole on reload. */
public final class Directory {

    public static final ErrorId INVALID = ErrorId.INVALID_DIRECTORY;

    private final Map<String, Department> departments = new LinkedHashMap<>();
    private final Map<String, Matter> matters = new LinkedHashMap<>();

    /** Throws {@code invalid-directory} on duplicate codes or a matter of an unknown department. */
    public Directory(List<Department> departments, List<Matter> matters) {
        for (Department d : departments) {
            if (this.departments.putIfAbsent(d.code(), d) != null) {
                throw new CtiException(INVALID, "duplicate department code " + d.code());
            }
        }
        for (Matter m : matters) {
            if (!this.departments.containsKey(m.departmentCode())) {
                throw new CtiException(INVALID, "matter " + m.code() + " names unknown department " + m.departmentCode());
            }
            if (this.matters.putIfAbsent(m.code(), m) != null) {
                throw new CtiException(INVALID, "duplicate matter code " + m.code());
            }
        }
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
        return matters.values().stream().filter(m -> m.departmentCode().equals(departmentCode)).toList();
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
                .filter(m -> contains(m.code(), q) || contains(m.name(), q)).toList();
        List<Matter> byDepartment = matters.values().stream()
                .filter(m -> !own.contains(m))
                .filter(m -> contains(m.departmentCode(), q) || contains(departments.get(m.departmentCode()).name(), q))
                .toList();
        return java.util.stream.Stream.concat(own.stream(), byDepartment.stream()).toList();
    }

    private static boolean contains(String text, String lowerQuery) {
        return text.toLowerCase(Locale.ROOT).contains(lowerQuery);
    }
}
