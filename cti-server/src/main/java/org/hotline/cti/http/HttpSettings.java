package org.hotline.cti.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP edge's limits and browser policy (issue 11 items 8 and 10; config {@code http.*}).
 *
 * @param requestTimeout     a request must arrive whole this soon after its first byte (and the first
 *                           request this soon after connecting): slowloris and silent sockets
 * @param idleTimeout        a keep-alive connection with no request this long is closed
 * @param loginTimeout       a {@code /ws/agent} connection must log in this soon
 * @param maxConnections     open connections in all
 * @param maxPerAddress      open connections from one IP address (raise it behind a reverse proxy)
 * @param requestThreads     API requests handled at once; {@code requestQueue} more wait, beyond that 503
 * @param slowThreads        of which the slow ones (dialplan load, call-back dial, /api/agents) at most
 * @param allowedHosts       Host header names accepted (DNS rebinding); loopback names always are
 * @param allowedOrigins     browser origins besides the server's own that may open /ws/agent or POST
 * @param tlsCertificate     PEM certificate chain (null: plain HTTP)
 * @param tlsPrivateKey      PEM PKCS#8 private key
 * @param allowPlainRemote   bind beyond loopback without TLS (behind a TLS-terminating proxy)
 */
public record HttpSettings(
        Duration requestTimeout,
        Duration idleTimeout,
        Duration loginTimeout,
        int maxConnections,
        int maxPerAddress,
        int requestThreads,
        int requestQueue,
        int slowThreads,
        int slowQueue,
        Set<String> allowedHosts,
        Set<String> allowedOrigins,
        Path tlsCertificate,
        Path tlsPrivateKey,
        boolean allowPlainRemote) {
    public static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    public static final HttpSettings DEFAULTS = new HttpSettings(
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            4096,
            512,
            16,
            64,
            4,
            8,
            Set.of(),
            Set.of(),
            null,
            null,
            false);

    public HttpSettings {
        allowedHosts =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        allowedOrigins =
                allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("tls needs both certificateFile and privateKeyFile");
        }
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    /** Host names a request may name: the configured ones, loopback, and the bind address itself. */
    Set<String> hostsFor(String bindHost) {
        java.util.Set<String> all = new java.util.HashSet<>(allowedHosts);
        all.addAll(LOOPBACK_NAMES);
        if (bindHost != null && !bindHost.isBlank() && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            all.add(bindHost.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(all);
    }

    public HttpSettings withTls(Path certificate, Path privateKey) {
        return new HttpSettings(
                requestTimeout,
                idleTimeout,
                loginTimeout,
                maxConnections,
                maxPerAddress,
                requestThreads,
                requestQueue,
                slowThreads,
                slowQueue,
                allowedHosts,
                allowedOrigins,
                certificate,
                privateKey,
                allowPlainRemote);
    }

    public HttpSettings withTimeouts(Duration request, Duration idle, Duration login) {
        return new HttpSettings(
                request,
                idle,
                login,
                maxConnections,
                maxPerAddress,
                requestThreads,
                requestQueue,
                slowThreads,
                slowQueue,
                allowedHosts,
                allowedOrigins,
                tlsCertificate,
                tlsPrivateKey,
                allowPlainRemote);
    }

    public HttpSettings withLimits(
            int connections, int perAddress, int threads, int queue, int slow, int slowQueueSize) {
        return new HttpSettings(
                requestTimeout,
                idleTimeout,
                loginTimeout,
                connections,
                perAddress,
                threads,
                queue,
                slow,
                slowQueueSize,
                allowedHosts,
                allowedOrigins,
                tlsCertificate,
                tlsPrivateKey,
                allowPlainRemote);
    }
}
