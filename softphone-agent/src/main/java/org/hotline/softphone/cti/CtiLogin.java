package org.hotline.softphone.cti;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom to log in. {@code server} is the server's HTTP base
 * ({@code http://127.0.0.1:8080}); the WebSocket is {@code ws://…/ws/agent} on the same host.
 * The password never appears in {@link #toString()}. {@code servers} lists every server to try,
 * {@code server} first (issue 14: an active/standby pair; the client turns to the next one when
 * the connection is lost or a server answers as the standby).
 */
public record CtiLogin(URI server, String agent, String password, String extension, List<URI> servers) {

    public CtiLogin(URI server, String agent, String password, String extension) {
        this(server, agent, password, extension, null);
    }

    public CtiLogin {
        Objects.requireNonNull(server, "server");
        servers = servers == null || servers.isEmpty() ? List.of(server) : List.copyOf(servers);
        for (URI u : servers) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("CTI server must be an http:// or https:// URL, was: " + u);
            }
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
            throw new IllegalArgumentException(
                    "CTI server must be a URL like http://127.0.0.1:8080, " + "was: " + text);
        }
    }

    /** "http://a:8080,http://b:8080": the servers of an active/standby pair, in the order to try. */
    public static List<URI> serverUris(String text) {
        List<URI> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(serverUri(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("CTI server must be a URL like http://127.0.0.1:8080, was: " + text);
        }
        return out;
    }

    /** A login for every server in "http://a:8080,http://b:8080". */
    public static CtiLogin of(String servers, String agent, String password, String extension) {
        List<URI> all = serverUris(servers);
        return new CtiLogin(all.get(0), agent, password, extension, all);
    }

    public URI webSocketUri() {
        return webSocketUri(server);
    }

    /** The agent WebSocket of one of {@link #servers()}. */
    public static URI webSocketUri(URI server) {
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + "/ws/agent");
    }

    @Override
    public String toString() {
        return "CtiLogin[server=" + (servers.size() > 1 ? servers : server) + ", agent=" + agent
                + ", password=<masked>, extension=" + extension + "]";
    }
}
