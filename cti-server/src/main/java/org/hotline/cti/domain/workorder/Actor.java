package org.hotline.cti.domain.workorder;

import java.util.Objects;

/**
 * Who acts on a work order: the system (automatic dispatch, deadline checks), the hotline's agents
 * and supervisors (admins act as supervisors), or a department's staff, who act only for
 * {@code department}. The business-environment supervision office is a department too; the
 * {@link WorkOrderLifecycle} knows which one it is.
 */
public record Actor(String user, Kind kind, String department) {

    public enum Kind {
        SYSTEM,
        AGENT,
        SUPERVISOR,
        DEPARTMENT
    }

    public static final Actor SYSTEM = new Actor("system", Kind.SYSTEM, null);

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.DEPARTMENT && (department == null || department.isBlank())) {
            throw new IllegalArgumentException("a department user needs its department");
        }
    }

    public static Actor agent(String user) {
        return new Actor(user, Kind.AGENT, null);
    }

    public static Actor supervisor(String user) {
        return new Actor(user, Kind.SUPERVISOR, null);
    }

    public static Actor department(String user, String department) {
        return new Actor(user, Kind.DEPARTMENT, department);
    }

    /** The hotline's own people (and the system): they see every order. */
    public boolean hotline() {
        return kind != Kind.DEPARTMENT;
    }
}
