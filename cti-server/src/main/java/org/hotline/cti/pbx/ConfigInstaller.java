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
     * A further instance of the sandbox (issue 14 item 6): the same configuration and dialplan in
     * its own directory, with its own ports (AMI, SIP, RTP), system name and run, log, spool,
     * cache and AstDB directories, so it can run beside node 1 from the same chroot. Fails when
     * a line it must change is not in the repository's files as expected (better than a second
     * instance that silently takes node 1's ports).
     */
    void installNode(SandboxNode node) {
        if (node.first()) {
            install();
            return;
        }
        Path etc = paths.inChroot(node.etcDir());
        try {
            Files.createDirectories(etc);
            try (Stream<Path> old = Files.list(etc)) {
                for (Path file : old.filter(Files::isRegularFile).toList()) {
                    Files.delete(file);
                }
            }
            copyAll(paths.configDir(), etc);
            copyAll(paths.dialplanDir(), etc);
            rewrite(
                    etc.resolve("asterisk.conf"),
                    List.of(
                            // "(!)" makes the section a template Asterisk ignores (it then uses its built-in
                            // /etc/asterisk, /var/run/asterisk…): node 2's directories must be a real section.
                            new String[] {"[directories](!)\n", "[directories]\n"},
                            new String[] {"astetcdir => /etc/asterisk\n", "astetcdir => " + node.etcDir() + "\n"},
                            new String[] {"astrundir => /var/run/asterisk\n", "astrundir => " + node.runDir() + "\n"},
                            new String[] {"astlogdir => /var/log/asterisk\n", "astlogdir => " + node.logDir() + "\n"},
                            new String[] {
                                "astspooldir => /var/spool/asterisk\n", "astspooldir => " + node.spoolDir() + "\n"
                            },
                            new String[] {"astdbdir => /var/lib/asterisk\n", "astdbdir => " + node.dbDir() + "\n"},
                            new String[] {
                                "astcachedir => /var/cache/asterisk\n", "astcachedir => " + node.cacheDir() + "\n"
                            },
                            new String[] {
                                "systemname = hotline-sandbox\n", "systemname = hotline-sandbox-" + node.number() + "\n"
                            }));
            rewrite(
                    etc.resolve("manager.conf"),
                    List.<String[]>of(new String[] {"port = 5038\n", "port = " + node.amiPort() + "\n"}));
            rewrite(etc.resolve("pjsip.conf"), List.<String[]>of(new String[] {
                "bind = 127.0.0.1:5060\n", "bind = 127.0.0.1:" + node.sipPort() + "\n"
            }));
            rewrite(
                    etc.resolve("rtp.conf"),
                    List.of(
                            new String[] {
                                "rtpstart = " + SandboxNode.FIRST_RTP_START + "\n",
                                "rtpstart = " + node.rtpStart() + "\n"
                            },
                            new String[] {
                                "rtpend = " + SandboxNode.FIRST_RTP_END + "\n", "rtpend = " + node.rtpEnd() + "\n"
                            }));
            for (String dir : List.of(
                    node.runDir(), node.logDir() + "/cel-custom", node.spoolDir(), node.dbDir(), node.cacheDir())) {
                Files.createDirectories(paths.inChroot(dir));
            }
        } catch (IOException e) {
            throw new PbxSandboxException(
                    ErrorId.CONFIG_INSTALL_FAILED,
                    "Cannot install node " + node.number() + "'s configuration into " + etc + ": " + e);
        }
    }

    private static void rewrite(Path file, List<String[]> replacements) throws IOException {
        String text = Files.readString(file);
        for (String[] r : replacements) {
            if (!text.contains(r[0])) {
                throw new PbxSandboxException(
                        ErrorId.CONFIG_INSTALL_FAILED,
                        file.getFileName() + " has no line '" + r[0].strip() + "' to change for a second sandbox node");
            }
            text = text.replace(r[0], r[1]);
        }
        Files.writeString(file, text);
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
