package org.hotline.cti.pbx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.ErrorId;

/** Runs a command to completion with a bound, output captured (stdout and stderr merged). */
class ProcessRunner {

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(Duration timeout, List<String> command) {
        Path log = null;
        try {
            log = Files.createTempFile("cti-pbx-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new PbxSandboxException(
                        ErrorId.COMMAND_TIMEOUT,
                        "Timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PbxSandboxException(
                    ErrorId.COMMAND_FAILED, "Cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxSandboxException(
                    ErrorId.INTERRUPTED, "Interrupted while running " + String.join(" ", command));
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // A leftover temp file is harmless.
                }
            }
        }
    }

    /** Like {@link #run} but a non-zero exit is an error whose message ends with the command's last output. */
    Result check(Duration timeout, ErrorId errorId, List<String> command) {
        Result result = run(timeout, command);
        if (!result.ok()) {
            throw new PbxSandboxException(
                    errorId,
                    String.join(" ", command) + " failed with exit code " + result.exitCode() + ": "
                            + tail(result.output()));
        }
        return result;
    }

    /** Starts a command that daemonizes itself; its output is discarded. */
    void startDetached(List<String> command) {
        try {
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new PbxSandboxException(
                    ErrorId.COMMAND_FAILED, "Cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= 800 ? trimmed : "..." + trimmed.substring(trimmed.length() - 800);
    }
}
