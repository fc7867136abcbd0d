package org.hotline.cti.ami;

/** The first line Asterisk sends, e.g. {@code Asterisk Call Manager/11.0.0}. */
public record AmiGreeting(String line) {
    public String protocolVersion() {
        int slash = line.lastIndexOf('/');
        return slash < 0 ? "" : line.substring(slash + 1);
    }
}
