package org.hotline.softphone.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One sipp process on 127.0.0.9 (the address kept for these tests, away from the Asterisk
 * sandbox on 127.0.0.1-.4). Always handles one call ({@code -m 1}) and fails itself after 30 s;
 * its traces land in {@code target/sipp/NAME/}. Close it in a finally or @AfterEach.
 */
public final class Sipp implements AutoCloseable {

    public static final String IP = "127.0.0.9";
    /** Surefire runs in the module folder, failsafe (the *IT that use sipp) in the repository root. */
    private static final Path MODULE = Files.isDirectory(Path.of("softphone-agent/src/test/resources/sipp"))
            ? Path.of("softphone-agent").toAbsolutePath()
            : Path.of("").toAbsolutePath();

    private static final Path SCENARIOS = MODULE.resolve("src/test/resources/sipp");

    private final Process process;
    private final Path dir;

    private Sipp(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * Starts sipp and returns once its SIP port is bound, so the phone's first request is not
     * lost to a sipp still starting.
     *
     * @param scenario a file in src/test/resources/sipp, or "-sn NAME" for a built-in
     */
    public static Sipp start(String name, String scenario, int sipPort, int mediaPort, String... extra)
            throws IOException {
        Path dir = MODULE.resolve("target/sipp").resolve(name);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        if (scenario.startsWith("-sn ")) {
            cmd.addAll(List.of("-sn", scenario.substring(4)));
        } else {
            cmd.addAll(List.of("-sf", SCENARIOS.resolve(scenario).toString()));
        }
        cmd.addAll(List.of(
                "-i",
                IP,
                "-p",
                String.valueOf(sipPort),
                "-mp",
                String.valueOf(mediaPort),
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "30s",
                "-timeout_error",
                "-trace_err",
                "-trace_msg",
                "-trace_logs"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile())
                .start();
        Sipp sipp = new Sipp(p, dir);
        await("sipp bound to " + sipPort)
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !p.isAlive() || isBound(sipPort));
        return sipp;
    }

    /** Reads /proc/net/udp rather than probing with a bind, which could race sipp's own. */
    private static boolean isBound(int port) throws IOException {
        String local = String.format("0900007F:%04X", port); // 127.0.0.9, little-endian
        return Files.readAllLines(Path.of("/proc/net/udp")).stream()
                .anyMatch(l -> l.trim().split("\\s+")[1].equals(local));
    }

    /** Waits for sipp to finish its one call; returns its exit code (0: the call succeeded). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sipp still running after " + timeout + "; see " + dir);
        }
        return process.exitValue();
    }

    /** sipp's screen output and error log, for assertion messages. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("sipp in ").append(dir).append('\n');
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f ->
                            f.toString().endsWith("errors.log") || f.toString().endsWith("logs.log"))
                    .toList()) {
                sb.append(Files.readString(f));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            // The test is being stopped; leave the flag set for whoever interrupted it.
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void stop() throws InterruptedException {
        // Finish calls first (SIGUSR1 = sipp's 'q'): a peer killed in mid-dialog leaves Asterisk
        // retransmitting its BYE to the port for 32 s, where the next test's peer takes it as a call.
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-USR1", Long.toString(process.pid()))
                        .start()
                        .waitFor(2, TimeUnit.SECONDS);
                process.waitFor(1500, TimeUnit.MILLISECONDS);
            } catch (java.io.IOException e) {
                // no kill(1): destroy below
            }
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        }
    }
}
