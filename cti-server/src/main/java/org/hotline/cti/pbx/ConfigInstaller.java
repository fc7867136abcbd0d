package org.hotline.cti.pbx;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.cti.ErrorId;

/**
 * Puts the repository's configuration and dialplan into the chroot's /etc/asterisk, removing
 * the stock sample files so that only ours load (a sample sip/iax/voicemail file would open
 * ports and add noise), and gives the chroot an /etc/hosts.
 */
final class ConfigInstaller {
    private final SandboxPaths paths;

    ConfigInstaller(SandboxPaths paths) {
        this.paths = paths;
    }

    void install() {
        Path etc = paths.inChroot("/etc/asterisk");
        try {
            Files.createDirectories(etc);
            try (Stream<Path> old = Files.list(etc)) {
                for (Path file : old.filter(Files::isRegularFile).toList()) {
                    Files.delete(file);
                }
            }
            copyAll(paths.configDir(), etc);
            copyAll(paths.dialplanDir(), etc);
            // cel_custom writes here but, unlike cdr_csv, does not create its directory.
            Files.createDirectories(paths.inChroot("/var/log/asterisk/cel-custom"));
        } catch (IOException e) {
            throw new PbxSandboxException(
                    ErrorId.CONFIG_INSTALL_FAILED, "Cannot install configuration into " + etc + ": " + e);
        }
    }

    /**
     * Without the host name in the chroot's /etc/hosts, Asterisk's look-ups leave the machine and
     * can stall PJSIP workers for 5 s each.
     */
    void writeHosts() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        String hosts = "127.0.0.1\tlocalhost\n127.0.1.1\t" + host + "\n::1\tlocalhost ip6-localhost ip6-loopback\n";
        try {
            Files.writeString(paths.inChroot("/etc/hosts"), hosts);
        } catch (IOException e) {
            throw new PbxSandboxException(ErrorId.CONFIG_INSTALL_FAILED, "Cannot write the chroot's /etc/hosts: " + e);
        }
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(ConfigInstaller::isConfigFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static boolean isConfigFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && List.of(".conf", ".adsi").stream().anyMatch(name::endsWith);
    }
}
