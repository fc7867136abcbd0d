package org.hotline.cti.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 6: a second sandbox instance gets the repository's configuration with its own
 * ports and directories, so it can run beside node 1 from the same chroot (MultiNodeIT starts it).
 */
class SecondNodeConfigTest {
    @TempDir
    Path chroot;

    @Test
    void nodeTwoListensOnItsOwnPortsAndKeepsItsStateInItsOwnDirectories() throws Exception {
        SandboxPaths paths = new SandboxPaths(chroot, Path.of("../config/asterisk"), Path.of("../dialplans"));
        SandboxNode node2 = new SandboxNode(2);
        new ConfigInstaller(paths).installNode(node2);

        Path etc = chroot.resolve("etc/asterisk-node2");
        assertThat(Files.readString(etc.resolve("manager.conf")))
                .contains("port = 5039\n")
                .doesNotContain("5038");
        assertThat(Files.readString(etc.resolve("pjsip.conf")))
                .contains("bind = 127.0.0.1:5062\n")
                .doesNotContain(":5060");
        assertThat(Files.readString(etc.resolve("rtp.conf"))).contains("rtpstart = 20000\n", "rtpend = 20999\n");
        assertThat(Files.readString(etc.resolve("asterisk.conf")))
                .contains(
                        "[directories]\n", // a real section: "(!)" would make Asterisk ignore it
                        "astetcdir => /etc/asterisk-node2\n",
                        "astrundir => /run/asterisk-node2\n",
                        "astlogdir => /var/log/asterisk-node2\n",
                        "astdbdir => /var/lib/asterisk-node2\n",
                        "systemname = hotline-sandbox-2\n");
        assertThat(etc.resolve("extensions.conf")).exists();
        assertThat(chroot.resolve("var/log/asterisk-node2/cel-custom")).isDirectory();
        assertThat(chroot.resolve("etc/asterisk")).doesNotExist(); // node 1's files are not touched
        assertThat(node2.asteriskArgs()).containsExactly("-C", "/etc/asterisk-node2/asterisk.conf");
        assertThat(SandboxNode.FIRST.asteriskArgs()).isEmpty();
        assertThat(SandboxNode.FIRST.sipPort()).isEqualTo(5060);
    }
}
