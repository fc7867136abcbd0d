package org.hotline.cti.pbx;

import java.util.List;

/**
 * One Asterisk instance of the sandbox chroot (issue 14 item 6). Node 1 is the shared sandbox
 * everybody's tests use (AMI 5038, SIP 5060, RTP 10000–19999, /etc/asterisk). Node {@code n > 1}
 * runs the same packages from the same chroot with its own configuration directory
 * ({@code /etc/asterisk-node<n>}, a copy of node 1's with other ports), run, log, spool, cache
 * and AstDB directories: AMI {@code 5037 + n}, SIP {@code 5058 + 2n}, RTP
 * {@code 20000 + 1000 (n - 2)} to 999 above it (above node 1's range, which voice runs of the
 * end-to-end benchmark widened). Two instances share nothing but the binaries and prompts.
 */
public record SandboxNode(int number) {
    public static final SandboxNode FIRST = new SandboxNode(1);
    public static final int MAX = 9;
    /** Node 1's RTP ports, as config/asterisk/rtp.conf gives them (the range other nodes' are rewritten from). */
    static final int FIRST_RTP_START = 10000;

    static final int FIRST_RTP_END = 19999;

    public SandboxNode {
        if (number < 1 || number > MAX) {
            throw new IllegalArgumentException("sandbox node must be 1.." + MAX + ", was " + number);
        }
    }

    public boolean first() {
        return number == 1;
    }

    public int amiPort() {
        return 5038 + (number - 1);
    }

    public int sipPort() {
        return 5060 + 2 * (number - 1);
    }

    public int rtpStart() {
        return first() ? FIRST_RTP_START : FIRST_RTP_END + 1 + 1000 * (number - 2);
    }

    public int rtpEnd() {
        return first() ? FIRST_RTP_END : rtpStart() + 999;
    }

    private String suffix() {
        return first() ? "" : "-node" + number;
    }

    /** The instance's configuration directory inside the chroot. */
    public String etcDir() {
        return "/etc/asterisk" + suffix();
    }

    /** Its control socket and pid file (not /var/run: in the chroot an absolute symlink that would resolve on the host). */
    public String runDir() {
        return "/run/asterisk" + suffix();
    }

    public String logDir() {
        return "/var/log/asterisk" + suffix();
    }

    String spoolDir() {
        return "/var/spool/asterisk" + suffix();
    }

    String dbDir() {
        return "/var/lib/asterisk" + suffix();
    }

    String cacheDir() {
        return "/var/cache/asterisk" + suffix();
    }

    /** What {@code asterisk} needs to find this instance ({@code -C its asterisk.conf}); nothing for node 1. */
    List<String> asteriskArgs() {
        return first() ? List.of() : List.of("-C", etcDir() + "/asterisk.conf");
    }
}
