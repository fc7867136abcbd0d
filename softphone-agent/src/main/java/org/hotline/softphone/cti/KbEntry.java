package org.hotline.softphone.cti;

/** A matter with its knowledge-base answer (R3); {@code threeWay} if it is on the list (R1). */
public record KbEntry(
        String code, String name, String department, String departmentName, boolean threeWay, String answer) {

    /** What a picker shows: "增值税留抵退税（税务局）". */
    public String label() {
        return name + (departmentName == null ? "" : "（" + departmentName + "）");
    }
}
