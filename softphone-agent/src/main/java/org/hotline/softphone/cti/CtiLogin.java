package org.hotline.softphone.cti;

import java.net.URI;
import java.util.Objects;

/**
 * Where and as whom to log in. {@code server} is the server's HTTP base
 * ({@code http://127.0.0.1:8080}); the WebSocket is {@code ws://…/ws/agent} on the same host.
 * The password never appears in {@link #toString()}.
 */
public record CtiLogin(URI server, String agent, String password, String extension) {

    public CtiLogin {
        Objects.requireNonNull(server, "server");
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("CTI server must be an http:// or https:// URL, was: "
                    + server);
        }
        if (agent == null || agent.isBlank()) {
            throw new IllegalArgumentException("agent (user name) is required");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password is required");
        }
    }

    /** Parses "http://host:port" (a trailing slash is dropped). */
    public static URI serverUri(String text) {
        String s = text.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CTI server must be a URL like http://127.0.0.1:8080, "
                    + "was: " + text);
        }
    }

    public URI webSocketUri() {
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + "/ws/agent");
    }

    @Override
    public String toString() {
        return "CtiLogin[server=" + server + ", agent=" + agent + ", password=<masked>, extension="
                + extension + "]";
    }
}
