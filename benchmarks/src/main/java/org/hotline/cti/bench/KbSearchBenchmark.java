package org.hotline.cti.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.hotline.cti.app.kb.KnowledgeBase;
import org.hotline.cti.app.port.KbStore;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;
import org.hotline.cti.search.LuceneKbIndex;

/**
 * (d) Knowledge-base search (R3) on a generated base of 10,000 entries (each with a script and two
 * policy documents, one of them expired; ordinary two-character words with about 3% policy terms), for the two- and three-character
 * queries agents type. Baseline in the same run: a linear scan with {@code String.contains} over the
 * same texts — what {@code LIKE '%q%'} does, minus the database round trip, and without ranking or
 * the in-effect dates. Prints latency per query (p50, p99, max) and the ratio.
 */
public final class KbSearchBenchmark {
    static final String[] WORDS = {
        "增值税", "留抵", "退税", "发票", "社保", "缓缴", "稳岗", "返还", "补贴", "营业执照", "变更", "注销", "年报", "信用", "修复", "小微企业", "所得税",
        "个体工商户", "招聘", "用工", "消防", "验收", "环评", "审批", "土地", "规划", "融资", "贷款", "担保", "出口", "海关", "知识产权", "专利", "商标",
        "公积金", "医保", "工伤", "职业培训", "高新技术", "研发", "加计扣除", "房产税", "印花税", "电子税务局", "一网通办", "容缺受理", "政务服务", "市场监管", "人社局",
        "住建局"
    };
    static final String[] QUERIES = {
        "留抵", "退税", "发票", "社保", "稳岗", "补贴", "注销", "年报", "信用", "消防", "环评", "融资", "专利", "医保", "工伤", "研发", "加计", "扣除",
        "印花", "税务局", "一网通", "容缺", "留抵退", "营业执", "执照", "公积金", "高新", "出口", "海关", "所得税"
    };
    static final int ENTRIES = 10_000;

    private KbSearchBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Random rnd = new Random(12345);
        List<KbEntry> entries = new ArrayList<>();
        Instant now = Instant.parse("2026-11-30T02:00:00Z");
        for (int i = 0; i < ENTRIES; i++) {
            entries.add(new KbEntry(
                    i + 1,
                    "tax",
                    null,
                    phrase(rnd, 3) + "（" + i + "）",
                    phrase(rnd, 25),
                    List.of(
                            new PolicyDocument(
                                    phrase(rnd, 4) + "的公告",
                                    "财政部 税务总局",
                                    "公告2022年第" + i + "号",
                                    LocalDate.of(2022, 4, 1),
                                    null,
                                    null,
                                    phrase(rnd, 60)),
                            new PolicyDocument(
                                    phrase(rnd, 4) + "的通知",
                                    "国家税务总局",
                                    "税总发〔2019〕" + i + "号",
                                    LocalDate.of(2019, 1, 1),
                                    LocalDate.of(2022, 3, 31),
                                    null,
                                    phrase(rnd, 60))),
                    "bench",
                    now));
        }
        KbStore store = new ListStore(entries);
        LuceneKbIndex index = new LuceneKbIndex();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        KnowledgeBase kb = new KnowledgeBase(
                store,
                index,
                () -> new Directory(List.of(), List.of()),
                () -> ZoneId.of("Asia/Shanghai"),
                Clock.fixed(now, ZoneOffset.UTC));
        kb.load(List.of());
        double loadMs = (System.nanoTime() - t0) / 1e6;
        double loadCpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;

        // Warm-up, then measured rounds; each query once per round.
        for (int i = 0; i < 5; i++) {
            for (String q : QUERIES) {
                kb.search(q, 20);
                scan(entries, q);
            }
        }
        long[] lucene = new long[rounds * QUERIES.length];
        long[] scan = new long[rounds * QUERIES.length];
        int hits = 0;
        long scanned = 0;
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            for (String q : QUERIES) {
                long a = System.nanoTime();
                hits += kb.search(q, 20).size();
                long b = System.nanoTime();
                scanned += scan(entries, q).size();
                long c = System.nanoTime();
                lucene[k] = b - a;
                scan[k++] = c - b;
            }
        }
        Arrays.sort(lucene);
        Arrays.sort(scan);
        System.out.printf(
                Locale.ROOT,
                "%n(d) Knowledge-base search, %,d entries × (script + 2 documents), %d queries × %d rounds "
                        + "(index built in %.0f ms, %.0f ms of CPU; %,d results returned, the scan matched %,d; load average %.1f)%n",
                ENTRIES,
                QUERIES.length,
                rounds,
                loadMs,
                loadCpuMs,
                hits,
                scanned,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        System.out.println("| path | p50 ms | p99 ms | max ms | ranked | dates |");
        System.out.println("|---|---|---|---|---|---|");
        row("Lucene bigrams (KnowledgeBase.search, top 20)", lucene, "yes", "yes");
        row("linear String.contains scan (≈ LIKE '%q%')", scan, "no", "no");
        System.out.printf(
                Locale.ROOT,
                "ratio at p50: the scan takes %.1f× Lucene's time; at p99 %.1f×%n",
                pct(scan, 0.50) / pct(lucene, 0.50),
                pct(scan, 0.99) / pct(lucene, 0.99));
        index.close();
    }

    /** Common characters: most words of a text are ordinary two-character words, a few are policy terms. */
    static final String COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
            + "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由"
            + "其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公"
            + "无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见";

    private static String phrase(Random rnd, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (rnd.nextInt(100) < 3) {
                b.append(WORDS[rnd.nextInt(WORDS.length)]);
            } else {
                b.append(COMMON.charAt(rnd.nextInt(COMMON.length())))
                        .append(COMMON.charAt(rnd.nextInt(COMMON.length())));
            }
            if (i % 5 == 4) {
                b.append('，');
            }
        }
        return b.append('。').toString();
    }

    private static List<Long> scan(List<KbEntry> entries, String q) {
        List<Long> out = new ArrayList<>();
        for (KbEntry e : entries) {
            boolean hit = e.title().contains(q) || e.script().contains(q);
            for (PolicyDocument d : e.documents()) {
                hit |= d.title().contains(q) || d.text().contains(q);
            }
            if (hit) {
                out.add(e.id());
            }
        }
        return out;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static void row(String name, long[] sorted, String ranked, String dates) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %.3f | %s | %s |%n",
                name,
                pct(sorted, 0.50),
                pct(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6,
                ranked,
                dates);
    }

    /** The store port over a prepared list (the benchmark measures search, not SQL). */
    private record ListStore(List<KbEntry> list) implements KbStore {
        @Override
        public List<KbEntry> entries() {
            return list;
        }

        @Override
        public KbEntry save(KbEntry entry) {
            return entry;
        }

        @Override
        public List<UnansweredQuestion> questions() {
            return List.of();
        }

        @Override
        public UnansweredQuestion save(UnansweredQuestion question) {
            return question;
        }
    }
}
