package org.hotline.softphone.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real sandbox Asterisk plus a real cti-server, both started as processes from the built
 * {@code cti-server/target/cti-server.jar} (the reactor builds cti-server first), once per test
 * run and shared by every IT class. Holds the machine-wide sandbox lock that cti-server's own
 * ITs take ({@code java.io.tmpdir/hotline-cti-sandbox.lock}) for the whole run. If the jar is
 * missing or the sandbox cannot start, the test FAILS (never skips).
 *
 * <p>Out of process rather than in-process with cti-server's test harness: the softphone's test
 * class path stays free of the server's Netty, H2 and Flyway, and the test exercises the same
 * {@code serve --config} a user runs. Working directory: the repository root (failsafe's).
 */
public final class SandboxCti implements BeforeAllCallback, ParameterResolver {

    /** Users of the test server: agents 8001, 8002 and the supervisor, all with this password. */
    public static final String PASSWORD = "it-cti-password";

    public static final Path JAR = Path.of("cti-server/target/cti-server.jar");
    public static final Path WORK = Path.of("softphone-agent/target/it").toAbsolutePath();

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SandboxCti.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return running(c);
    }

    private static Running running(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    /** The started server; JUnit closes it when the whole run ends. */
    public static final class Running implements AutoCloseable {
        private final FileLock lock;
        private final boolean sandboxStartedHere;
        private final Process server;
        private final URI base;

        private Running(FileLock lock, boolean sandboxStartedHere, Process server, URI base) {
            this.lock = lock;
            this.sandboxStartedHere = sandboxStartedHere;
            this.server = server;
            this.base = base;
        }

        /** The server's HTTP base, e.g. http://127.0.0.1:41234 */
        public URI base() {
            return base;
        }

        static Running start() {
            if (!Files.isRegularFile(JAR)) {
                throw new AssertionError(JAR.toAbsolutePath() + " is missing: build it first "
                        + "(mvn -B package builds cti-server before softphone-agent)");
            }
            FileLock lock = lock();
            Process server = null;
            boolean startedHere = false;
            try {
                Files.createDirectories(WORK);
                startedHere = cli(List.of("pbx", "sandbox", "status"), Duration.ofSeconds(60), false) != 0;
                int up = cli(List.of("pbx", "sandbox", "up"), Duration.ofMinutes(10), true);
                if (up != 0) {
                    throw new AssertionError(
                            "The sandbox PBX could not start (exit " + up + "); see " + WORK.resolve("pbx.log"));
                }
                int port = freePort();
                Path config = WORK.resolve("cti-it.yaml");
                Files.writeString(config, yaml(port), StandardCharsets.UTF_8);
                server = new ProcessBuilder("java", "-jar", JAR.toString(), "serve", "--config", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(WORK.resolve("cti-server.log").toFile())
                        .start();
                URI base = URI.create("http://127.0.0.1:" + port);
                Process p = server;
                // Backstop: if this JVM dies before JUnit closes the store, the server goes too.
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "cti-server-stop"));
                HttpClient http = HttpClient.newHttpClient();
                await("cti-server healthy with AMI connected; see " + WORK.resolve("cti-server.log"))
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            if (!p.isAlive()) {
                                throw new AssertionError("cti-server exited with " + p.exitValue() + "; see "
                                        + WORK.resolve("cti-server.log"));
                            }
                            try {
                                HttpResponse<String> r = http.send(
                                        HttpRequest.newBuilder(base.resolve("/api/health"))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                // Public health says only {status}: "ok" means AMI and database are up (issue 11).
                                return r.body().contains("\"status\":\"ok\"");
                            } catch (IOException e) {
                                return false;
                            }
                        });
                return new Running(lock, startedHere, server, base);
            } catch (IOException | RuntimeException | Error e) {
                if (server != null) {
                    server.destroyForcibly();
                }
                release(lock);
                if (e instanceof AssertionError a) {
                    throw a;
                }
                throw new AssertionError("cannot start the sandbox and cti-server: " + e, e);
            }
        }

        @Override
        public void close() {
            try {
                server.destroy();
                if (!server.waitFor(15, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
                if (sandboxStartedHere) {
                    cli(List.of("pbx", "sandbox", "down"), Duration.ofMinutes(1), true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                release(lock);
            }
        }

        private static String yaml(int port) {
            Path root = Path.of("").toAbsolutePath();
            String sandbox = System.getenv().getOrDefault("CTI_SANDBOX_DIR", "/var/cache/hotline-cti/asterisk-sid");
            StringBuilder users = new StringBuilder();
            for (String[] u : new String[][] {{"8001", "agent"}, {"8002", "agent"}, {"supervisor", "supervisor"}}) {
                users.append("  - {name: ")
                        .append(u[0])
                        .append(", role: ")
                        .append(u[1])
                        .append(", password: ")
                        .append(PASSWORD)
                        .append("}\n");
            }
            return """
                    # written by SandboxCti for the softphone's integration tests
                    http: {host: 127.0.0.1, port: %d}
                    ami: {host: 127.0.0.1, port: 5038, username: cti, secret: hotline-sandbox-ami,
                          inboundContexts: [from-enterprise], keepAlive: 2 seconds,
                          reconnectMin: 100 ms, reconnectMax: 1 seconds}
                    database: {url: "jdbc:h2:mem:softphone-it;DB_CLOSE_DELAY=-1"}
                    hotline: {zone: Asia/Shanghai, calendar: always-open,
                              departments: "%s/config/departments.yaml",
                              calendarDir: "%s/config/calendar", roster: "%s/config/roster.yaml"}
                    dialTests: {times: []}
                    pbx: {dialplanDir: "%s/etc/asterisk"}
                    users:
                    """.formatted(port, root, root, root, sandbox) + users;
        }

        /** Runs the server jar's CLI, output appended to pbx.log; returns the exit code. */
        private static int cli(List<String> args, Duration timeout, boolean mustFinish) {
            try {
                List<String> cmd = new java.util.ArrayList<>(List.of("java", "-jar", JAR.toString()));
                cmd.addAll(args);
                Process p = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                WORK.resolve("pbx.log").toFile()))
                        .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    if (mustFinish) {
                        throw new AssertionError(String.join(" ", args) + " did not finish within " + timeout);
                    }
                    return -1;
                }
                return p.exitValue();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + args + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }

        private static FileLock lock() {
            try {
                Path file = Path.of(System.getProperty("java.io.tmpdir"), "hotline-cti-sandbox.lock");
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                return ch.lock(); // waits while another checkout's run uses the sandbox
            } catch (IOException e) {
                throw new AssertionError("cannot lock the sandbox for this test run: " + e, e);
            }
        }

        private static void release(FileLock lock) {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException ignored) {
                // the lock dies with the process anyway
            }
        }
    }
}
