package org.hotline.cti.boot;

import java.nio.file.Path;
import java.util.Map;
import org.hotline.cti.ami.AmiSettings;
import org.hotline.cti.config.AmiConnection;
import org.hotline.cti.config.CallbackConfig;
import org.hotline.cti.pbx.SandboxPaths;

/** Translates what cti.yaml says into each adapter's own settings, so adapters never read each other's types. */
final class AdapterSettings {
    private AdapterSettings() {}

    static AmiSettings ami(AmiConnection c) {
        return new AmiSettings(
                c.host(),
                c.port(),
                c.username(),
                c.secret(),
                c.events() == null ? AmiSettings.DEFAULT_EVENTS : c.events(),
                c.keepAlive(),
                c.reconnectMin(),
                c.reconnectMax(),
                c.connectTimeout(),
                c.actionTimeout());
    }

    /** The HTTP edge's settings (issue 11 items 8 and 10); slow requests get a quarter of the threads. */
    static org.hotline.cti.http.HttpSettings http(org.hotline.cti.config.ServerConfig.Http h) {
        return new org.hotline.cti.http.HttpSettings(
                h.requestTimeout(),
                h.idleTimeout(),
                h.loginTimeout(),
                h.maxConnections(),
                h.maxConnectionsPerAddress(),
                h.requestThreads(),
                h.requestQueue(),
                Math.max(1, h.requestThreads() / 4),
                Math.max(1, h.requestQueue() / 8),
                java.util.Set.copyOf(h.allowedHosts()),
                java.util.Set.copyOf(h.allowedOrigins()),
                h.tlsCertificate(),
                h.tlsPrivateKey(),
                h.allowPlainRemote());
    }

    /** The token Prometheus sends for /metrics, read from its file (null when none is configured). */
    static String metricsToken(org.hotline.cti.config.ServerConfig.Http h) {
        if (h.metricsTokenFile() == null) {
            return null;
        }
        try {
            String t = java.nio.file.Files.readString(h.metricsTokenFile()).strip();
            if (t.length() < 16) {
                throw new org.hotline.cti.CtiException(
                        org.hotline.cti.ErrorId.INVALID_CONFIG,
                        h.metricsTokenFile() + ": the metrics token must be at least 16 characters");
            }
            return t;
        } catch (java.io.IOException e) {
            throw new org.hotline.cti.CtiException(
                    org.hotline.cti.ErrorId.INVALID_CONFIG,
                    "metrics.bearerTokenFile: cannot read " + h.metricsTokenFile() + ": " + e.getMessage(),
                    e);
        }
    }

    /** R11: the configured CEL file, else the sandbox chroot's (the process runs from the repository root). */
    static Path celFile(CallbackConfig c, Map<String, String> env) {
        return c.celFile() != null
                ? c.celFile()
                : SandboxPaths.defaults(env, Path.of("")).celFile();
    }

    /**
     * R11 per node (issue 14 item 6): the node's own {@code celFile}; for the first node else
     * {@code callbacks.celFile}, else the sandbox's; null for another node that gives none.
     */
    static Path celFile(AmiConnection node, boolean first, CallbackConfig c, Map<String, String> env) {
        if (node.celFile() != null) {
            return node.celFile();
        }
        return first ? celFile(c, env) : null;
    }

    /** {@code dialplan load} per node: the node's own {@code dialplanDir}; the first node's else {@code pbx.dialplanDir}. */
    static Path dialplanDir(AmiConnection node, boolean first, org.hotline.cti.config.DialplanConfig pbx) {
        if (node.dialplanDir() != null) {
            return node.dialplanDir();
        }
        return first ? pbx.dialplanDir() : null;
    }

    /** The prefix of a node's call ids: none for the first node (as with one node), {@code name:} for the others. */
    static String callIdPrefix(AmiConnection node, boolean first) {
        return first ? "" : node.name() + ":";
    }
}
