package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;

/**
 * Method + path templates ({@code /api/transfers/{id}}) to handlers, each with the least role it
 * needs (null: public).
 */
public final class Router {
    public record Match(Entry entry, Map<String, String> params) {}

    public record Entry(HttpMethod method, String[] segments, Role role, Route route) {}

    private final List<Entry> entries = new ArrayList<>();
    private Route otherwise;

    /** What answers a path no entry knows, public (the standby server's 503 {@code standby}, issue 14). */
    public Router otherwise(Route route) {
        this.otherwise = route;
        return this;
    }

    public Router get(String path, Role role, Route route) {
        return add(HttpMethod.GET, path, role, route);
    }

    public Router post(String path, Role role, Route route) {
        return add(HttpMethod.POST, path, role, route);
    }

    public Router add(HttpMethod method, String path, Role role, Route route) {
        entries.add(new Entry(method, split(path), role, route));
        return this;
    }

    /** The route for a request; {@code not-found} or {@code method-not-allowed} when there is none. */
    public Match match(HttpMethod method, String path) {
        String[] parts = split(path);
        boolean pathKnown = false;
        for (Entry e : entries) {
            Map<String, String> params = bind(e.segments(), parts);
            if (params != null) {
                pathKnown = true;
                if (e.method().equals(method)) {
                    return new Match(e, params);
                }
            }
        }
        if (otherwise != null) {
            return new Match(new Entry(method, parts, null, otherwise), Map.of());
        }
        if (pathKnown) {
            throw new CtiException(ErrorId.METHOD_NOT_ALLOWED, method + " is not supported on " + path);
        }
        throw new CtiException(ErrorId.NOT_FOUND, "no such endpoint: " + path);
    }

    private static Map<String, String> bind(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), parts[i]);
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/");
    }
}
