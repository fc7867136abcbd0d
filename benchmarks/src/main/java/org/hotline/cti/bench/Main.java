package org.hotline.cti.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar [ingest|tracker|socket|all] [socket options]}:
 * runs the JMH benchmarks (a, c) and/or the socket comparison (b), then prints each figure with
 * its ratio to the baseline measured in the same run. JMH's own runner stays available:
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        String what = args.length == 0 ? "all" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (what) {
            case "ingest" -> ingest();
            case "tracker" -> tracker();
            case "socket" -> SocketComparison.main(rest);
            case "agents" -> AgentLoad.main(rest);
            case "kb" -> KbSearchBenchmark.main(rest);
            case "e2e" -> EndToEnd.main(rest);
            case "agi" -> AgiBench.main(rest);
            case "transfer-store" -> TransferStoreBench.main(rest);
            case "transfer-path" -> TransferPath.main(rest);
            case "all" -> {
                ingest();
                tracker();
                SocketComparison.main(rest);
            }
            default -> {
                System.err.println(
                        "usage: java -jar benchmarks.jar [ingest|tracker|socket|kb|all] "
                                + "[--events N] [--rounds R] [--warmup N] [--live 20,200,2000]\n"
                                + "       java -jar benchmarks.jar agents [--agents 2000] [--rate 50] [--hold 30] [--duration 60] [--port 8086]\n"
                                + "       java -jar benchmarks.jar e2e [--rates 2,10,40] [--jvm NAME=FLAGS]... (see benchmarks/e2e.sh)\n"
                                + "       java -jar benchmarks.jar agi [--sessions 1000] [--rate 50] [--baseline OLD.jar] (FastAGI arrival)\n"
                                + "       java -jar benchmarks.jar transfer-store [--n 2000] [--rounds 4] [--calls 5] [--pace 0] [--dir DIR]\n"
                                + "       java -jar benchmarks.jar transfer-path [--transfers 300] [--rate 4] [--paths http,ws] [--jar PATH]... (no sandbox)");
                System.exit(2);
            }
        }
    }

    private static Collection<RunResult> jmh(String include) throws Exception {
        Options opt = new OptionsBuilder()
                .include(include)
                .verbosity(VerboseMode.NORMAL)
                .shouldFailOnError(true)
                .build();
        return new Runner(opt).run();
    }

    /** (a) Decode (+ translate) of the recorded stream vs the two baselines. */
    static void ingest() throws Exception {
        int events = Capture.get().events();
        Map<String, RunResult> r = byMethod(jmh(AmiIngestBenchmark.class.getName()));
        System.out.printf(
                Locale.ROOT,
                "%n(a) AMI ingest of the recorded stream in memory, %,d events per operation (JMH: 3×1 s warm-up, 5×1 s, 1 fork)%n",
                events);
        System.out.println("| path | events/s | ns/event (±99.9% CI) | vs bare splitter | vs naive parser |");
        System.out.println("|---|---|---|---|---|");
        double bare = nsPerEvent(r.get("bareSplitter"), events);
        double naive = nsPerEvent(r.get("naiveStringParser"), events);
        for (String m : new String[] {"bareSplitter", "naiveStringParser", "amiDecoder", "amiDecoderAndTranslator"}) {
            RunResult rr = r.get(m);
            double ns = nsPerEvent(rr, events);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.1f (±%.1f) | %.2f× the time | %.2f× faster |%n",
                    m,
                    1e9 / ns,
                    ns,
                    rr.getPrimaryResult().getScoreError() * 1e6 / events,
                    ns / bare,
                    naive / ns);
        }
    }

    /** (c) Call events applied per second by the call model. */
    static void tracker() throws Exception {
        int events = CallTrackerBenchmark.CALLS * CallTrackerBenchmark.EVENTS_PER_CALL;
        Collection<RunResult> results = jmh(CallTrackerBenchmark.class.getName());
        System.out.printf(
                Locale.ROOT,
                "%n(c) CallTracker with an in-memory store, %,d calls × %d events per operation%n",
                CallTrackerBenchmark.CALLS,
                CallTrackerBenchmark.EVENTS_PER_CALL);
        System.out.println("| live calls | call events/s | ns/event (±99.9% CI) |");
        System.out.println("|---|---|---|");
        for (RunResult rr : results) {
            double ns = nsPerEvent(rr, events);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.0f (±%.0f) |%n",
                    rr.getParams().getParam("live"),
                    1e9 / ns,
                    ns,
                    rr.getPrimaryResult().getScoreError() * 1e6 / events);
        }
        // JMH runs the live counts one after the other; on a shared machine the load drifts in
        // between. Alternating rounds in one process give the ratios to trust.
        int rounds = 7;
        Map<Integer, double[]> alt = CallTrackerBenchmark.alternating(new int[] {20, 200, 2_000}, rounds, 20, 20);
        System.out.printf(
                Locale.ROOT,
                "%nsame, %d alternating rounds of 20 operations after 20 warm-up operations (medians):%n",
                rounds);
        System.out.println("| live calls | call events/s | ns/event (median, min–max) | vs 20 live |");
        System.out.println("|---|---|---|---|");
        double base = median(alt.get(20));
        for (Map.Entry<Integer, double[]> e : alt.entrySet()) {
            double[] v = e.getValue().clone();
            Arrays.sort(v);
            double med = median(v);
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %,.0f | %.0f (%.0f–%.0f) | %.2f× the time |%n",
                    e.getKey(),
                    1e9 / med,
                    med,
                    v[0],
                    v[v.length - 1],
                    med / base);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Map<String, RunResult> byMethod(Collection<RunResult> results) {
        Map<String, RunResult> m = new LinkedHashMap<>();
        for (RunResult rr : results) {
            String b = rr.getParams().getBenchmark();
            m.put(b.substring(b.lastIndexOf('.') + 1), rr);
        }
        return m;
    }

    /** JMH scores are ms per operation (one pass over {@code events}). */
    private static double nsPerEvent(RunResult r, int events) {
        return r.getPrimaryResult().getScore() * 1e6 / events;
    }
}
