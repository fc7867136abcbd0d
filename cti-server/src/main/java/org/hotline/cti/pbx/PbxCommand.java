package org.hotline.cti.pbx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code pbx sandbox up|down|status}: the bundled real Asterisk used by demo and tests. */
@Command(
        name = "pbx",
        description = "The bundled real Asterisk used by demo and tests.",
        subcommands = PbxCommand.Sandbox.class)
public final class PbxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'pbx sandbox up|down|status'");
    }

    @Command(
            name = "sandbox",
            description = "Asterisk 22 in a Debian sid chroot (needs root).",
            subcommands = {Up.class, Down.class, Status.class})
    static final class Sandbox implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing command: up, down or status");
        }

        @Option(
                names = "--dir",
                scope = ScopeType.INHERIT,
                description = "The chroot (default: $" + SandboxPaths.CHROOT_ENV + " or "
                        + "/var/cache/hotline-cti/asterisk-sid).")
        Path chrootDir;

        @Option(
                names = "--config-dir",
                scope = ScopeType.INHERIT,
                description = "Asterisk configuration to install (default: config/asterisk).")
        Path configDir;

        @Option(
                names = "--dialplan-dir",
                scope = ScopeType.INHERIT,
                description = "Dialplan to install (default: dialplans).")
        Path dialplanDir;

        @Option(
                names = "--node",
                scope = ScopeType.INHERIT,
                description = "Which instance: 1 (default) the shared sandbox; 2..9 a further Asterisk from the same "
                        + "chroot on other ports (node 2: AMI 5039, SIP 5062, RTP 20000-20999).")
        int node = 1;

        PbxSandbox sandbox() {
            SandboxPaths paths = SandboxPaths.defaults(System.getenv(), Path.of(""));
            if (chrootDir != null) {
                paths = paths.withChrootDir(chrootDir);
            }
            if (configDir != null) {
                paths = paths.withConfigDir(configDir);
            }
            if (dialplanDir != null) {
                paths = paths.withDialplanDir(dialplanDir);
            }
            SandboxNode n;
            try {
                n = new SandboxNode(node);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--node: " + e.getMessage());
            }
            return new PbxSandbox(paths, Clock.systemUTC(), n);
        }
    }

    /** Shared error handling: a stable id and a message, exit code 1. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        Sandbox parent;

        @Override
        public final Integer call() {
            try {
                return execute(parent.sandbox());
            } catch (PbxSandboxException e) {
                System.err.println("pbx sandbox: " + e.getMessage() + " [" + e.id() + "]");
                return 1;
            }
        }

        abstract int execute(PbxSandbox sandbox);
    }

    @Command(name = "up", description = "Provision if needed, install config and dialplan, start (or reload) Asterisk.")
    static final class Up extends Action {
        @Override
        int execute(PbxSandbox sandbox) {
            SandboxInfo info = sandbox.up(System.out);
            System.out.println("asterisk: " + info.asteriskVersion());
            System.out.println("ami: " + info.amiHost() + ":" + info.amiPort());
            System.out.println("sip: udp " + info.sipHost() + ":" + info.sipPort());
            return 0;
        }
    }

    @Command(name = "down", description = "Stop Asterisk and unmount the chroot's /proc.")
    static final class Down extends Action {
        @Override
        int execute(PbxSandbox sandbox) {
            System.out.println(sandbox.down() ? "pbx sandbox: stopped" : "pbx sandbox: was not running");
            return 0;
        }
    }

    /** Exit code 0 when running, 3 when not (like an init script's status). */
    @Command(name = "status", description = "Running or not; exit code 0 running, 3 not running.")
    static final class Status extends Action {
        static final int NOT_RUNNING = 3;

        @Override
        int execute(PbxSandbox sandbox) {
            SandboxStatus status = sandbox.status();
            if (status.running()) {
                System.out.println("running: " + status.asteriskVersion().orElse("?"));
                return 0;
            }
            System.out.println("not running");
            return NOT_RUNNING;
        }
    }
}
