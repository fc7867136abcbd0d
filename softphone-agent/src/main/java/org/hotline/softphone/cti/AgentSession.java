package org.hotline.softphone.cti;

/** The login reply: who the server thinks we are. */
public record AgentSession(String agent, String role, String extension, boolean ready) {

    /** Duty supervisors (and admins) see the missed-call tab (R11). */
    public boolean supervisor() {
        return "supervisor".equals(role) || "admin".equals(role);
    }
}
