package org.hotline.cti.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the agent load test's CPU goes: the server's threads from {@code /proc/PID/task/}, grouped
 * by name (digits folded, so the 8 blocking executors count as one line), its GC pauses from its
 * {@code -Xlog:gc} file, and this process's own CPU.
 */
final class ThreadCpu {
    private static final Pattern PAUSE = Pattern.compile("Pause [^)]*\\)(?: \\([^)]*\\))? .* ([0-9.]+)ms$");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ThreadCpu() {}

    record Self(long processNanos) {}

    static Self self() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return new Self(os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0);
    }

    /** CPU ticks (user + system) of the process's threads so far, summed by folded thread name. */
    static Map<String, Long> byName(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                out.merge(name, ticks, Long::sum);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** "name 1.2, other 0.8, …", busiest first; threads under 0.1 s left out. */
    static String diff(Map<String, Long> before, Map<String, Long> after) {
        List<Map.Entry<String, Long>> d = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long v = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (v >= TICKS_PER_SECOND / 10) {
                d.add(Map.entry(e.getKey(), v));
            }
        }
        d.sort(Collections.reverseOrder(Map.Entry.comparingByValue()));
        return d.stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) TICKS_PER_SECOND))
                .collect(Collectors.joining(", "));
    }

    static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Count, p50, p99, max and sum of the pauses logged after line {@code from}. */
    static String gcPauses(Path file, long from) {
        List<Double> ms = new ArrayList<>();
        try {
            List<String> all = Files.readAllLines(file);
            for (String line : all.subList((int) Math.min(from, all.size()), all.size())) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    ms.add(Double.parseDouble(m.group(1)));
                }
            }
        } catch (IOException e) {
            return "no GC log";
        }
        if (ms.isEmpty()) {
            return "none";
        }
        Collections.sort(ms);
        double sum = ms.stream().mapToDouble(Double::doubleValue).sum();
        return String.format(
                Locale.ROOT,
                "%d, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.2f s in all",
                ms.size(),
                ms.get(ms.size() / 2),
                ms.get(Math.min(ms.size() - 1, (int) Math.ceil(0.99 * ms.size()) - 1)),
                ms.get(ms.size() - 1),
                sum / 1000);
    }
}
