package org.hotline.softphone.ui;

/**
 * What the login dialog asks: the CTI server's URL, the agent's user name and password, the
 * phone's extension, and the SIP registrar with the extension's password. Passwords never
 * appear in {@link #toString()}.
 */
public record LoginDetails(
        String server, String agent, String password, String extension, String sipServer, String sipPassword) {
    @Override
    public String toString() {
        return "LoginDetails[server=" + server + ", agent=" + agent + ", extension=" + extension + ", sipServer="
                + sipServer + ", passwords=<masked>]";
    }
}
