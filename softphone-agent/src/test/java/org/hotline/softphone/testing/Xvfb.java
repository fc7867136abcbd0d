package org.hotline.softphone.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A virtual X display for the window test: failsafe sets DISPLAY=:57 for the test JVM, and this
 * starts Xvfb there before AWT first connects (a real X server, not headless AWT), unless one
 * already runs. Fails when Xvfb is not installed (.ci/setup installs it). The server lives until
 * the test JVM exits: AWT's X11 toolkit ends the JVM when its display goes away, which would hide
 * the test report (even from a shutdown hook, with a non-zero exit code), so Xvfb runs with
 * {@code -terminate}: it exits by itself when its last client, this JVM, disconnects.
 */
public final class Xvfb implements AutoCloseable {

    private final Process process;

    private Xvfb(Process process) {
        this.process = process;
    }

    public static Xvfb start() throws IOException {
        String display = System.getenv("DISPLAY");
        if (display == null || !display.startsWith(":")) {
            throw new AssertionError("DISPLAY must be set to a local display such as :57 (failsafe does)");
        }
        String n = display.substring(1).split("\\.")[0];
        Path socket = Path.of("/tmp/.X11-unix/X" + n);
        if (Files.exists(socket)) {
            return new Xvfb(null); // a display is already there (ours from an earlier class, or the user's)
        }
        Process p;
        Files.createDirectories(SandboxCti.WORK); // for a window test that runs without the sandbox
        try {
            p = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp", "-terminate")
                    .redirectErrorStream(true)
                    .redirectOutput(SandboxCti.WORK.resolve("xvfb.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start Xvfb (apt-get install xvfb; .ci/setup does): " + e, e);
        }
        await("Xvfb on " + display)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("Xvfb exited " + p.exitValue() + "; see xvfb.log");
                    }
                    return Files.exists(socket);
                });
        return new Xvfb(p);
    }

    /** Keeps the display (see the class comment); Xvfb ends with the JVM's connection. */
    @Override
    public void close() {
        // nothing: stopping Xvfb under a live AWT would end this JVM
    }
}
