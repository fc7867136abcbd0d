package org.hotline.cti.pbx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hotline.cti.ErrorId;

/**
 * Where the sandbox lives: the cached chroot, and the repository's Asterisk configuration and
 * dialplan that are installed into it on every {@code up}.
 */
public record SandboxPaths(Path chrootDir, Path configDir, Path dialplanDir) {

    /** Outside the repository, so a provisioned chroot survives clean checkouts and is shared. */
    public static final Path DEFAULT_CHROOT = Path.of("/var/cache/hotline-cti/asterisk-sid");

    public static final String CHROOT_ENV = "CTI_SANDBOX_DIR";

    public SandboxPaths {
        chrootDir = chrootDir.toAbsolutePath().normalize();
        configDir = configDir.toAbsolutePath().normalize();
        dialplanDir = dialplanDir.toAbsolutePath().normalize();
    }

    /** The defaults for a process started in the repository root ({@code config/asterisk}, {@code dialplans}). */
    public static SandboxPaths defaults(Map<String, String> env, Path workingDir) {
        String override = env.get(CHROOT_ENV);
        Path chroot = override == null || override.isBlank() ? DEFAULT_CHROOT : Path.of(override);
        return new SandboxPaths(chroot, workingDir.resolve("config/asterisk"), workingDir.resolve("dialplans"));
    }

    public SandboxPaths withChrootDir(Path dir) {
        return new SandboxPaths(dir, configDir, dialplanDir);
    }

    public SandboxPaths withConfigDir(Path dir) {
        return new SandboxPaths(chrootDir, dir, dialplanDir);
    }

    public SandboxPaths withDialplanDir(Path dir) {
        return new SandboxPaths(chrootDir, configDir, dir);
    }

    /** Fails with the path that is missing, before anything is provisioned or started. */
    void requireSources() {
        require(
                configDir,
                "pjsip.conf",
                ErrorId.CONFIG_DIR_MISSING,
                "Asterisk configuration not found: " + configDir.resolve("pjsip.conf")
                        + " (run from the repository root or pass --config-dir)");
        require(
                dialplanDir,
                "extensions.conf",
                ErrorId.DIALPLAN_DIR_MISSING,
                "Dialplan not found: " + dialplanDir.resolve("extensions.conf")
                        + " (run from the repository root or pass --dialplan-dir)");
    }

    private static void require(Path dir, String file, ErrorId id, String message) {
        if (!Files.isRegularFile(dir.resolve(file))) {
            throw new PbxSandboxException(id, message);
        }
    }

    /** Where cel_custom writes in the PBX (cel_custom.conf), as seen from this host. */
    public static final String CEL_FILE = "/var/log/asterisk/cel-custom/Master.csv";

    /** The sandbox's CEL file (R11 missed-call recovery reads it). */
    public Path celFile() {
        return inChroot(CEL_FILE);
    }

    Path inChroot(String absolute) {
        return chrootDir.resolve(absolute.substring(1));
    }
}
