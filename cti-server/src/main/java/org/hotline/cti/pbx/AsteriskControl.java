package org.hotline.cti.pbx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.hotline.cti.ErrorId;

/** Starts, asks and stops the Asterisk inside the chroot through its own CLI ({@code asterisk -rx}). */
final class AsteriskControl {
    private static final Duration RX_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private final SandboxPaths paths;
    private final ProcessRunner runner;
    private final Clock clock;
    private final SandboxNode node;
    /** Not /var/run: in the chroot that is an absolute symlink, which would resolve on the host. */
    private final String runDir;

    AsteriskControl(SandboxPaths paths, ProcessRunner runner, Clock clock) {
        this(paths, runner, clock, SandboxNode.FIRST);
    }

    AsteriskControl(SandboxPaths paths, ProcessRunner runner, Clock clock, SandboxNode node) {
        this.paths = paths;
        this.runner = runner;
        this.clock = clock;
        this.node = node;
        this.runDir = node.runDir();
    }

    /** The version line if Asterisk answers on its control socket. */
    Optional<String> version() {
        if (!Files.exists(paths.inChroot(runDir + "/asterisk.ctl"))) {
            return Optional.empty();
        }
        ProcessRunner.Result result = rx("core show version");
        String out = result.output().strip();
        if (!result.ok() || !out.startsWith("Asterisk ")) {
            return Optional.empty();
        }
        String line = out.lines().findFirst().orElse(out);
        int builtBy = line.indexOf(" built by");
        return Optional.of(builtBy > 0 ? line.substring(0, builtBy) : line);
    }

    void start() {
        // Never -U root: dropping to root by name loses file capabilities and Asterisk cannot read its files.
        List<String> command =
                new ArrayList<>(List.of("chroot", paths.chrootDir().toString(), "/usr/sbin/asterisk"));
        command.addAll(node.asteriskArgs());
        command.add("-F");
        runner.startDetached(command);
    }

    void awaitFullyBooted(Duration timeout) {
        awaitTrue(
                timeout,
                ErrorId.START_TIMEOUT,
                "Asterisk did not finish booting within " + timeout.toSeconds() + " s; see "
                        + paths.inChroot(node.logDir() + "/messages.log"),
                () -> version().isPresent() && rx("core waitfullybooted").ok());
    }

    void reload() {
        ProcessRunner.Result result = rx("core reload");
        if (!result.ok()) {
            throw new PbxSandboxException(
                    ErrorId.RELOAD_FAILED, "core reload failed: " + ProcessRunner.tail(result.output()));
        }
    }

    void stop(Duration timeout) {
        Optional<Long> pid = pid();
        rx("core stop now");
        awaitTrue(
                timeout,
                ErrorId.STOP_TIMEOUT,
                "Asterisk did not stop within " + timeout.toSeconds() + " s",
                () -> pid.map(p -> !Files.exists(Path.of("/proc", Long.toString(p))))
                                .orElse(true)
                        && version().isEmpty());
    }

    ProcessRunner.Result rx(String cliCommand) {
        List<String> command =
                new ArrayList<>(List.of("chroot", paths.chrootDir().toString(), "/usr/sbin/asterisk"));
        command.addAll(node.asteriskArgs());
        command.add("-rx");
        command.add(cliCommand);
        return runner.run(RX_TIMEOUT, command);
    }

    /** The running instance's process id, from its pid file. */
    Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(
                    Files.readString(paths.inChroot(runDir + "/asterisk.pid")).strip()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Polls a condition until it holds or the deadline passes; the interval is only a politeness to the CPU. */
    private void awaitTrue(Duration timeout, ErrorId errorId, String message, BooleanSupplier condition) {
        Instant deadline = clock.instant().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (clock.instant().isAfter(deadline)) {
                throw new PbxSandboxException(errorId, message);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PbxSandboxException(ErrorId.INTERRUPTED, "Interrupted while waiting for Asterisk");
            }
        }
    }
}
