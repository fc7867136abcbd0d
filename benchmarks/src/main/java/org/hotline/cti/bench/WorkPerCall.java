package org.hotline.cti.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CTI's work per completed call in a window (issue 14 item 4): its own counters from
 * {@code /metrics} (AMI reads, events, actions, tasks queued for the call model, call steps, the call
 * writer's commits and rows, live events, log lines, GC, allocation) and, from
 * {@code /proc/PID/task/TID/schedstat}, each thread's CPU (ns on a core) and how often it was put
 * on a core (its wake-ups, near enough: a thread that runs without blocking is counted again
 * only when preempted), thread names with digits folded. Two {@link Snapshot}s make a column.
 */
final class WorkPerCall {
    /** Counter (Prometheus name) → what the row says, in the table's order. */
    private static final Map<String, String> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put("cti_ami_reads_total", "AMI network reads (AMI loop wake-ups)");
        COUNTERS.put("cti_ami_events_total", "AMI events decoded");
        COUNTERS.put("cti_ami_actions_total", "AMI actions sent");
        COUNTERS.put("cti_call_model_tasks_total", "tasks queued for the call model");
        COUNTERS.put("cti_call_model_events_total", "call events applied");
        COUNTERS.put("cti_call_model_steps_total", "call steps (timeline rows)");
        COUNTERS.put("cti_call_store_calls_written_total", "call rows written");
        COUNTERS.put("cti_call_store_commits_total", "call writer commits");
        COUNTERS.put("cti_transfer_attempts_total", "transfer attempts");
        COUNTERS.put("cti_live_events_published_total", "live events published");
        COUNTERS.put("cti_live_events_delivered_total", "live events built (pushed)");
        COUNTERS.put("cti_log_lines_total", "log lines written");
        COUNTERS.put("jvm_gc_pause_seconds_count", "GC pauses");
        COUNTERS.put("cti_jvm_allocated_bytes_total", "KiB allocated");
    }

    /**
     * The counters and threads at one end of a window. The scrape of {@code /metrics} costs the
     * server CPU of its own (milliseconds with C1): at a window's start it is taken before the
     * threads are read, at its end after, so that no scrape is counted in the window.
     */
    record Snapshot(Map<String, Double> counters, Map<String, long[]> threads) {
        static Snapshot start(BenchCti cti, long pid) {
            Map<String, Double> c = cti.counters();
            return new Snapshot(c, WorkPerCall.threads(pid));
        }

        static Snapshot end(BenchCti cti, long pid) {
            Map<String, long[]> t = WorkPerCall.threads(pid);
            return new Snapshot(cti.counters(), t);
        }
    }

    /** Column title → row → value; the rows in first-seen order. */
    private final Map<String, Map<String, String>> columns = new LinkedHashMap<>();

    private final Set<String> rowOrder = new LinkedHashSet<>();

    /**
     * Adds a column: the work between two snapshots divided by {@code calls}, with the process's
     * CPU seconds in the window from /proc/PID/stat ({@code cpu}); returns it printed.
     */
    String add(String title, Snapshot a, Snapshot b, long calls, double cpu) {
        Map<String, String> col = new LinkedHashMap<>();
        double n = Math.max(calls, 1);
        col.put("calls completed", Long.toString(calls));
        for (Map.Entry<String, String> c : COUNTERS.entrySet()) {
            Double x = a.counters().get(c.getKey());
            Double y = b.counters().get(c.getKey());
            double d = x == null || y == null ? Double.NaN : y - x;
            if (c.getKey().startsWith("cti_jvm_allocated")) {
                d /= 1024;
            }
            col.put(c.getValue(), Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.2f", d / n));
        }
        long totalNs = 0;
        long totalSlices = 0;
        List<Map.Entry<String, long[]>> threads = new ArrayList<>();
        for (Map.Entry<String, long[]> t : b.threads().entrySet()) {
            long[] before = a.threads().getOrDefault(t.getKey(), new long[2]);
            // A thread that ended in the window (a JIT compiler thread, a pool's idle thread) takes
            // its time with it: a group is counted only as far as it grew.
            long[] d = {Math.max(0, t.getValue()[0] - before[0]), Math.max(0, t.getValue()[1] - before[1])};
            totalNs += d[0];
            totalSlices += d[1];
            threads.add(Map.entry(t.getKey(), d));
        }
        col.put("CPU ms (process, /proc/PID/stat)", String.format(Locale.ROOT, "%.2f", cpu * 1e3 / n));
        col.put("CPU ms, threads alive at both ends", String.format(Locale.ROOT, "%.2f", totalNs / 1e6 / n));
        col.put("times on a core, threads alive at both ends", String.format(Locale.ROOT, "%.1f", totalSlices / n));
        threads.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        for (Map.Entry<String, long[]> t : threads) {
            if (t.getValue()[0] / n < 50_000) {
                continue; // under 0.05 ms per call
            }
            col.put(
                    "`" + t.getKey() + "` CPU ms / times on a core",
                    String.format(Locale.ROOT, "%.2f / %.1f", t.getValue()[0] / 1e6 / n, t.getValue()[1] / n));
        }
        columns.put(title, col);
        rowOrder.addAll(col.keySet());
        StringBuilder out = new StringBuilder("  work per completed call, " + title + ": ");
        col.forEach((k, v) -> out.append(k).append(' ').append(v).append("; "));
        return out.toString();
    }

    /** Every column side by side, as a Markdown table (a cell a column has not: "–"). */
    String table() {
        if (columns.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("| per completed call |");
        columns.keySet().forEach(t -> out.append(' ').append(t).append(" |"));
        out.append("\n|---|");
        columns.keySet().forEach(t -> out.append("---|"));
        out.append('\n');
        for (String row : rowOrder) {
            out.append("| ").append(row).append(" |");
            for (Map<String, String> col : columns.values()) {
                out.append(' ').append(col.getOrDefault(row, "–")).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Folded thread name → {ns on a core, times put on a core}, from /proc/PID/task/TID/schedstat. */
    static Map<String, long[]> threads(long pid) {
        Map<String, long[]> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                String name;
                String[] sched;
                try {
                    name = Files.readString(t.resolve("comm"), StandardCharsets.UTF_8)
                            .strip()
                            .replaceAll("[0-9]+", "#");
                    sched = Files.readString(t.resolve("schedstat"), StandardCharsets.US_ASCII)
                            .strip()
                            .split(" ");
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                long[] v = out.computeIfAbsent(name, k -> new long[2]);
                v[0] += Long.parseLong(sched[0]);
                v[1] += Long.parseLong(sched[2]);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }
}
