package org.hotline.cti.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Push latencies by message type, in nanoseconds; percentiles over everything recorded. */
final class Latencies {
    private final Map<String, long[]> byType = new TreeMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();

    synchronized void record(String type, long nanos) {
        long[] a = byType.computeIfAbsent(type, t -> new long[1024]);
        int n = counts.getOrDefault(type, 0);
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
            byType.put(type, a);
        }
        a[n] = nanos;
        counts.put(type, n + 1);
    }

    synchronized long count() {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** One markdown row per type: count, p50, p99, max in ms. */
    synchronized String table(String who) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[]> e : byType.entrySet()) {
            int n = counts.get(e.getKey());
            long[] v = Arrays.copyOf(e.getValue(), n);
            Arrays.sort(v);
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %.1f | %.1f | %.1f |%n",
                    who,
                    e.getKey(),
                    n,
                    pct(v, 0.50) / 1e6,
                    pct(v, 0.99) / 1e6,
                    v[n - 1] / 1e6));
        }
        return sb.toString();
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
