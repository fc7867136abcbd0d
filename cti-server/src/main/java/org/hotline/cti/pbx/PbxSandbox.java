package org.hotline.cti.pbx;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hotline.cti.ErrorId;

/**
 * The bundled real Asterisk 22 used by the demo and the integration tests: a cached Debian sid
 * chroot (provisioned on first use), the repository's configuration and dialplan, AMI on
 * 127.0.0.1:5038 and PJSIP on 127.0.0.1:5060. Needs root (chroot, mount).
 */
public final class PbxSandbox {
    public static final String AMI_HOST = "127.0.0.1";
    public static final int AMI_PORT = 5038;
    public static final String SIP_HOST = "127.0.0.1";
    public static final int SIP_PORT = 5060;

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final SandboxPaths paths;
    private final ProcessRunner runner;
    private final ChrootProvisioner provisioner;
    private final ConfigInstaller installer;
    private final PromptInstaller prompts;
    private final AsteriskControl asterisk;
    private final SandboxNode node;

    public PbxSandbox(SandboxPaths paths, Clock clock) {
        this(paths, clock, new ProcessRunner());
    }

    /**
     * Node {@code node} of the sandbox (issue 14 item 6): node 1 is the shared sandbox; a further
     * node is a second Asterisk from the same chroot on other ports ({@link SandboxNode}).
     */
    public PbxSandbox(SandboxPaths paths, Clock clock, SandboxNode node) {
        this(paths, clock, new ProcessRunner(), node);
    }

    PbxSandbox(SandboxPaths paths, Clock clock, ProcessRunner runner) {
        this(paths, clock, runner, SandboxNode.FIRST);
    }

    PbxSandbox(SandboxPaths paths, Clock clock, ProcessRunner runner, SandboxNode node) {
        this.paths = paths;
        this.runner = runner;
        this.node = node;
        this.provisioner = new ChrootProvisioner(paths, runner);
        this.installer = new ConfigInstaller(paths);
        this.prompts = new PromptInstaller(paths, runner);
        this.asterisk = new AsteriskControl(paths, runner, clock, node);
    }

    public SandboxNode node() {
        return node;
    }

    /** The running instance's process id (from its pid file), e.g. for a test that plays a crash. */
    public java.util.Optional<Long> pid() {
        return asterisk.pid();
    }

    public SandboxPaths paths() {
        return paths;
    }

    /**
     * Provisions if needed, installs the configuration and starts Asterisk; when it already runs,
     * reinstalls the configuration and reloads it instead. Either way returns once fully booted.
     */
    public SandboxInfo up(PrintStream progress) {
        requireRoot();
        paths.requireSources();
        if (!provisioner.isProvisioned()) {
            provisioner.provision(progress, this::unmountProc);
        }
        installer.writeHosts();
        installer.installNode(node);
        prompts.install(progress); // read at each Playback: no reload needed
        mountProc();
        if (asterisk.version().isPresent()) {
            progress.println(label() + "already running; configuration reinstalled, core reload");
            asterisk.reload();
        } else {
            progress.println(label() + "starting Asterisk in " + paths.chrootDir()
                    + (node.first() ? "" : " with " + node.etcDir()));
            asterisk.start();
        }
        asterisk.awaitFullyBooted(BOOT_TIMEOUT);
        String version = asterisk.version()
                .orElseThrow(() -> new PbxSandboxException(
                        ErrorId.START_FAILED,
                        "Asterisk stopped right after booting; see "
                                + paths.inChroot(node.logDir() + "/messages.log")));
        SandboxInfo info = new SandboxInfo(version, AMI_HOST, node.amiPort(), SIP_HOST, node.sipPort());
        progress.println(label() + "up: " + info);
        return info;
    }

    private String label() {
        return node.first() ? "pbx sandbox: " : "pbx sandbox node " + node.number() + ": ";
    }

    /**
     * Stops Asterisk if it runs and releases the chroot's /proc (node 1; a further node leaves
     * /proc to node 1). Returns whether it was running.
     */
    public boolean down() {
        requireRoot();
        boolean wasRunning = asterisk.version().isPresent();
        if (wasRunning) {
            asterisk.stop(STOP_TIMEOUT);
        }
        if (node.first()) {
            unmountProc();
        }
        return wasRunning;
    }

    public SandboxStatus status() {
        return asterisk.version().map(SandboxStatus::running).orElseGet(SandboxStatus::stopped);
    }

    private void requireRoot() {
        ProcessRunner.Result id = runner.run(Duration.ofSeconds(5), List.of("id", "-u"));
        if (!id.ok() || !id.output().strip().equals("0")) {
            throw new PbxSandboxException(
                    ErrorId.NOT_ROOT, "The PBX sandbox needs root (chroot and mount); run as root or with sudo");
        }
    }

    private void mountProc() {
        String proc = paths.inChroot("/proc").toString();
        if (!runner.run(Duration.ofSeconds(5), List.of("mountpoint", "-q", proc))
                .ok()) {
            runner.check(Duration.ofSeconds(10), ErrorId.MOUNT_FAILED, List.of("mount", "-t", "proc", "proc", proc));
        }
    }

    private void unmountProc() {
        String proc = paths.inChroot("/proc").toString();
        if (runner.run(Duration.ofSeconds(5), List.of("mountpoint", "-q", proc)).ok()) {
            runner.check(Duration.ofSeconds(10), ErrorId.UMOUNT_FAILED, List.of("umount", proc));
        }
    }
}
