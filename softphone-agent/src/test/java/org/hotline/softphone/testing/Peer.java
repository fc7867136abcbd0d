package org.hotline.softphone.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A SIP peer process for the sandbox ITs (sipp as caller or specialist, baresip), its output in
 * {@code softphone-agent/target/it/NAME/}. Always closed by the test: the process is destroyed.
 */
public final class Peer implements AutoCloseable {

    public static final Path SERVER_SIPP =
            Path.of("cti-server/src/test/resources/sipp").toAbsolutePath();

    private final Process process;
    public final Path dir;

    private Peer(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    public static Peer start(String name, List<String> command) throws IOException {
        Path dir = SandboxCti.WORK.resolve(name);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        return new Peer(p, dir);
    }

    /** sipp with a scenario from cti-server's test resources, one call, traces on error. */
    public static Peer sipp(String name, String scenario, String ip, int port, int mediaPort, String... extra)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "sipp",
                "-sf",
                SERVER_SIPP.resolve(scenario).toString(),
                "-i",
                ip,
                "-p",
                String.valueOf(port),
                "-mp",
                String.valueOf(mediaPort),
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "60s",
                "-timeout_error",
                "-trace_err",
                "-trace_msg"));
        cmd.addAll(List.of(extra));
        return start(name, cmd);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(dir + ": still running after " + timeout);
        }
        return process.exitValue();
    }

    public String output() {
        try (var files = Files.list(dir)) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(f);
                sb.append("--- ")
                        .append(f.getFileName())
                        .append('\n')
                        .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
            }
            return sb.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
