package org.hotline.cti.domain.call;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of agent extensions written as single numbers and inclusive ranges ({@code 8001-8020},
 * {@code 8101}): how {@code ami.nodes[].agents} ties agents to the Asterisk node their phones
 * register with and whose queue they answer (issue 14 item 6).
 */
public final class ExtensionRanges {
    private record Range(long from, long to, int digits) {
        boolean contains(String extension) {
            if (extension.length() != digits) {
                return false; // 801 is not in 8001-8020
            }
            long n = Long.parseLong(extension);
            return n >= from && n <= to;
        }

        boolean overlaps(Range o) {
            return digits == o.digits && from <= o.to && o.from <= to;
        }
    }

    private final List<Range> ranges;
    private final List<String> written;

    private ExtensionRanges(List<Range> ranges, List<String> written) {
        this.ranges = ranges;
        this.written = written;
    }

    public static final ExtensionRanges NONE = new ExtensionRanges(List.of(), List.of());

    /** Parses {@code 8001}, {@code 8001-8020}; throws IllegalArgumentException naming the bad item. */
    public static ExtensionRanges parse(List<String> items) {
        List<Range> out = new ArrayList<>();
        for (String raw : items) {
            String item = raw.strip();
            String[] p = item.split("-", -1);
            if (p.length > 2 || !p[0].matches("[0-9]{1,12}") || (p.length == 2 && !p[1].matches("[0-9]{1,12}"))) {
                throw new IllegalArgumentException(
                        "'" + item + "' is not an extension (8101) nor a range of extensions (8001-8020)");
            }
            String last = p.length == 2 ? p[1] : p[0];
            if (last.length() != p[0].length()) {
                throw new IllegalArgumentException("'" + item + "': both ends of a range need as many digits");
            }
            long from = Long.parseLong(p[0]);
            long to = Long.parseLong(last);
            if (to < from) {
                throw new IllegalArgumentException("'" + item + "': the range ends before it starts");
            }
            out.add(new Range(from, to, p[0].length()));
        }
        return new ExtensionRanges(
                List.copyOf(out), items.stream().map(String::strip).toList());
    }

    public boolean contains(String extension) {
        if (extension == null || !extension.matches("[0-9]{1,12}")) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(extension)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some extension is in both sets (one agent cannot live on two nodes). */
    public boolean overlaps(ExtensionRanges other) {
        for (Range a : ranges) {
            for (Range b : other.ranges) {
                if (a.overlaps(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", written);
    }
}
