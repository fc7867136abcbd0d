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

    public PbxSandbox(SandboxPaths paths, Clock clock) {
        this(paths, clock, new ProcessRunner());
    }

    PbxSandbox(SandboxPaths paths, Clock clock, ProcessRunner runner) {
        this.paths = paths;
        this.runner = runner;
        this.provisioner = new ChrootProvisioner(paths, runner);
        this.installer = new ConfigInstaller(paths);
        this.prompts = new PromptInstaller(paths, runner);
        this.asterisk = new AsteriskControl(paths, runner, clock);
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
        installer.install();
        prompts.install(progress); // read at each Playback: no reload needed
        mountProc();
        if (asterisk.version().isPresent()) {
            progress.println("pbx sandbox: already running; configuration reinstalled, core reload");
            asterisk.reload();
        } else {
            progress.println("pbx sandbox: starting Asterisk in " + paths.chrootDir());
            asterisk.start();
        }
        asterisk.awaitFullyBooted(BOOT_TIMEOUT);
        String version = asterisk.version()
                .orElseThrow(() -> new PbxSandboxException(
                        ErrorId.START_FAILED,
                        "Asterisk stopped right after booting; see "
                                + paths.inChroot("/var/log/asterisk/messages.log")));
        SandboxInfo info = new SandboxInfo(version, AMI_HOST, AMI_PORT, SIP_HOST, SIP_PORT);
        progress.println("pbx sandbox: up: " + info);
        return info;
    }

    /** Stops Asterisk if it runs and releases the chroot's /proc. Returns whether it was running. */
    public boolean down() {
        requireRoot();
        boolean wasRunning = asterisk.version().isPresent();
        if (wasRunning) {
            asterisk.stop(STOP_TIMEOUT);
        }
        unmountProc();
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
