package org.hotline.cti.ami;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The real Asterisk 22 AMI capture (test resource) and a naive reference split of it. */
final class RecordedStream {
    static final String CAPTURE = "/ami/ami-capture-asterisk22.txt.gz";

    private RecordedStream() {}

    static byte[] bytes(String resource) {
        try (InputStream in = RecordedStream.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            InputStream s = resource.endsWith(".gz") ? new GZIPInputStream(in) : in;
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reference parse by plain string splitting: slow and simple, to check the decoder against. */
    static List<Map<String, String>> naiveEvents(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<Map<String, String>> out = new ArrayList<>();
        String[] blocks = text.substring(text.indexOf('\n') + 1).split("\n\n");
        for (String block : blocks) {
            if (block.isBlank()) {
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : block.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int c = line.indexOf(':');
                String v = line.substring(c + 1);
                m.putIfAbsent(line.substring(0, c), v.startsWith(" ") ? v.substring(1) : v);
            }
            out.add(m);
        }
        return out;
    }
}
