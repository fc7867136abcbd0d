package org.hotline.cti.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The recorded Asterisk 22 AMI session (cti-server's test data, packed into this jar): a greeting
 * line, then 85,423 events, each ended by a blank line (CRLF). Loaded once and shared.
 */
public final class Capture {
    public static final String RESOURCE = "/ami/ami-capture-asterisk22.txt.gz";

    private static volatile Capture instance;

    /** The whole stream as recorded, greeting included. */
    public final byte[] bytes;
    /** Where the first event starts (just after the greeting line). */
    public final int firstEvent;
    /** {@code eventEnd[i]}: offset just past event i's terminating blank line. */
    public final int[] eventEnd;

    private Capture(byte[] bytes) {
        this.bytes = bytes;
        int lf = 0;
        while (bytes[lf] != '\n') {
            lf++;
        }
        this.firstEvent = lf + 1;
        int[] ends = new int[100_000];
        int n = 0;
        for (int i = firstEvent; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                if (n == ends.length) {
                    ends = Arrays.copyOf(ends, n * 2);
                }
                ends[n++] = i + 4;
                i += 3;
            }
        }
        this.eventEnd = Arrays.copyOf(ends, n);
    }

    public static Capture get() {
        Capture c = instance;
        if (c == null) {
            synchronized (Capture.class) {
                if (instance == null) {
                    instance = new Capture(load());
                }
                c = instance;
            }
        }
        return c;
    }

    public int events() {
        return eventEnd.length;
    }

    /** The events only, without the greeting: what a replay server loops. */
    public byte[] eventBytes() {
        return Arrays.copyOfRange(bytes, firstEvent, eventEnd[eventEnd.length - 1]);
    }

    private static byte[] load() {
        try (InputStream in = Capture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the class path (build with mvn package)");
            }
            return new GZIPInputStream(in, 1 << 16).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
