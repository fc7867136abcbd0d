package org.hotline.cti.pbx;

/** What a running sandbox offers: the Asterisk version and where AMI and SIP listen. */
public record SandboxInfo(String asteriskVersion, String amiHost, int amiPort, String sipHost, int sipPort) {

    @Override
    public String toString() {
        return asteriskVersion + ", AMI " + amiHost + ":" + amiPort + ", SIP udp " + sipHost + ":" + sipPort;
    }
}
