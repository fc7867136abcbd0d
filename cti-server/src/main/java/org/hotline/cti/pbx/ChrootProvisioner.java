package org.hotline.cti.pbx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.ErrorId;

/**
 * Builds the Debian sid chroot with Asterisk 22 (Debian 12 has no Asterisk package) and tells
 * a finished one from a broken one by a marker written only after the last step succeeded.
 */
final class ChrootProvisioner {
    static final String MARKER = ".hotline-cti-provisioned";
    static final List<String> PACKAGES = List.of("asterisk", "asterisk-modules", "asterisk-config");
    /**
     * English prompts (the agents' pbx-invalid; callers hear the Mandarin hotline/ prompts of
     * {@link PromptInstaller}) and hold music; installed if the archive has them.
     */
    static final List<String> OPTIONAL_PACKAGES = List.of("asterisk-core-sounds-en-gsm", "asterisk-moh-opsound-gsm");

    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

    private final SandboxPaths paths;
    private final ProcessRunner runner;

    ChrootProvisioner(SandboxPaths paths, ProcessRunner runner) {
        this.paths = paths;
        this.runner = runner;
    }

    boolean isProvisioned() {
        return Files.isRegularFile(paths.chrootDir().resolve(MARKER)) && hasAsterisk();
    }

    private boolean hasAsterisk() {
        return Files.isExecutable(paths.inChroot("/usr/sbin/asterisk"));
    }

    void provision(PrintStream progress, Runnable releaseMounts) {
        Path dir = paths.chrootDir();
        if (!hasAsterisk()) {
            requireDebootstrap();
            if (Files.exists(dir) && !isEmptyDir(dir)) {
                // A half-made chroot (interrupted debootstrap) cannot be resumed reliably: start over,
                // but only in a directory that is recognisably a Debian chroot.
                if (!Files.exists(dir.resolve("debootstrap")) && !Files.exists(dir.resolve("etc/debian_version"))) {
                    throw new PbxSandboxException(
                            ErrorId.SANDBOX_DIR_NOT_A_CHROOT,
                            "Refusing to replace " + dir + ": it is not empty and not a Debian chroot (set "
                                    + SandboxPaths.CHROOT_ENV + " elsewhere)");
                }
                progress.println("pbx sandbox: removing broken chroot " + dir);
                releaseMounts.run();
                runner.check(
                        Duration.ofMinutes(5),
                        ErrorId.PROVISION_FAILED,
                        List.of("rm", "-rf", "--one-file-system", dir.toString()));
            }
            progress.println("pbx sandbox: debootstrap --variant=minbase sid " + dir + " (about 40 s)");
            runner.check(
                    DEBOOTSTRAP_TIMEOUT,
                    ErrorId.PROVISION_FAILED,
                    List.of("debootstrap", "--variant=minbase", "sid", dir.toString()));
        }
        progress.println("pbx sandbox: apt-get update in the chroot");
        // The package index here is a dated snapshot; its Valid-Until has passed.
        chrootApt(List.of("-o", "Acquire::Check-Valid-Until=false", "update"));
        List<String> packages = new ArrayList<>(PACKAGES);
        for (String optional : OPTIONAL_PACKAGES) {
            if (runner.run(Duration.ofMinutes(1), List.of("chroot", dir.toString(), "apt-cache", "show", optional))
                    .ok()) {
                packages.add(optional);
            } else {
                progress.println("pbx sandbox: " + optional + " not in the archive; Playback prompts may be missing");
            }
        }
        progress.println("pbx sandbox: installing " + String.join(" ", packages) + " (about 20 s)");
        List<String> install = new ArrayList<>(List.of("install", "-y", "--no-install-recommends"));
        install.addAll(packages);
        chrootApt(install);
        if (!hasAsterisk()) {
            throw new PbxSandboxException(
                    ErrorId.PROVISION_FAILED, "Asterisk is not in " + dir + " after installing it");
        }
        try {
            Files.writeString(dir.resolve(MARKER), String.join(" ", packages) + "\n");
        } catch (IOException e) {
            throw new PbxSandboxException(
                    ErrorId.PROVISION_FAILED, "Cannot write " + dir.resolve(MARKER) + ": " + e.getMessage());
        }
        progress.println("pbx sandbox: chroot ready");
    }

    private void chrootApt(List<String> args) {
        List<String> command = new ArrayList<>(
                List.of("chroot", paths.chrootDir().toString(), "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"));
        command.addAll(args);
        runner.check(APT_TIMEOUT, ErrorId.PROVISION_FAILED, command);
    }

    private void requireDebootstrap() {
        boolean found = List.of("/usr/sbin/debootstrap", "/usr/bin/debootstrap", "/sbin/debootstrap").stream()
                .anyMatch(p -> Files.isExecutable(Path.of(p)));
        if (!found) {
            throw new PbxSandboxException(
                    ErrorId.DEBOOTSTRAP_MISSING,
                    "debootstrap is not installed; it is needed to build the sandbox chroot (apt-get install -y debootstrap)");
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
