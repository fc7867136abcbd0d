package org.hotline.cti.domain.dialplan;

/** One thing wrong with a dialplan, where an editor can jump to it: {@code hotline-inbound.conf:12: …}. */
public record DialplanProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
