package org.hotline.cti.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallState;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.transfer.TransferAttempt;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcTransferStore;

/**
 * Issue 14 item 4: where the durable write before a transfer's Redirect spends its time, on a real H2
 * file database on this disk ({@code java -jar benchmarks.jar transfer-store [--n 2000] [--dir DIR]}).
 * The server's own {@link JdbcTransferStore#createNumbered}, timed whole; its statements split into
 * steps (connection from the pool, next number, INSERT, commit), and the statements it used before
 * (INSERT numbered by the identity with V20's cache of 1, UPDATE of the room, commit: a copy of the
 * table), also with H2's default identity cache (not gap-free); each
 * with and without the call writer's group commit running beside it on the same database (one
 * transaction of {@code --calls} calls' records and steps every 500 ms, as {@code WriteBehindCallStore}
 * stores 10 calls/s). Variants alternate in rounds; percentiles over all rounds.
 */
final class TransferStoreBench {
    private int n = 2_000;
    private int rounds = 4;
    private int calls = 5;
    /** Pause between writes, ms: 0 = back to back (hot caches); 200 = 5 transfers/s, as in the e2e run. */
    private long pace;

    private Path dir;

    public static void main(String[] args) throws Exception {
        TransferStoreBench b = new TransferStoreBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> b.n = Integer.parseInt(args[++i]);
                case "--rounds" -> b.rounds = Integer.parseInt(args[++i]);
                case "--calls" -> b.calls = Integer.parseInt(args[++i]);
                case "--dir" -> b.dir = Path.of(args[++i]);
                case "--pace" -> b.pace = Long.parseLong(args[++i]);
                default -> {
                    System.err.println(
                            "usage: java -jar benchmarks.jar transfer-store [--n 2000] [--rounds 4] [--calls 5] [--pace 0] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        b.run();
    }

    /** One way of storing a transfer before its Redirect; returns per-step nanos. */
    interface Variant {
        long[] store(TransferRecord draft) throws SQLException;
    }

    private void run() throws Exception {
        Path d = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("cti-xfer-store");
        String url = "jdbc:h2:file:" + d.resolve("cti").toAbsolutePath();
        System.out.printf(
                Locale.ROOT,
                "%s, H2 file %s (load average %s); %d writes per variant and round, %d rounds%n",
                Instant.now(),
                url,
                load(),
                n,
                rounds);
        try (Database db = Database.open(url, "sa", "")) {
            DataSource ds = db.dataSource();
            JdbcTransferStore store = new JdbcTransferStore(ds, names());
            Map<String, Variant> variants = new LinkedHashMap<>();
            variants.put("createNumbered (the server's)", draft -> {
                long t0 = System.nanoTime();
                store.createNumbered(draft, id -> Long.toString(70_000 + id));
                return new long[] {System.nanoTime() - t0};
            });
            createCopy(ds, "bench_identity_attempts");
            execute(ds, "ALTER TABLE bench_identity_attempts ALTER COLUMN id SET CACHE 1"); // as V20
            variants.put(
                    "old: conn | INSERT (identity, V20's cache 1) | UPDATE room | commit",
                    draft -> identityThenRoom(ds, draft, "bench_identity_attempts"));
            createCopy(ds, "bench_cached_attempts");
            createCopy(ds, "bench_max_attempts"); // numbered by the variant itself, never by its identity
            variants.put(
                    "old, identity with H2's default cache (not gap-free)",
                    draft -> identityThenRoom(ds, draft, "bench_cached_attempts"));
            variants.put("new: conn | MAX(id)+1 | INSERT id, room | commit", draft -> maxPlusOne(ds, draft));
            Map<String, List<long[]>> samples = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (boolean writer : new boolean[] {false, true}) {
                    for (var v : variants.entrySet()) {
                        String key = v.getKey() + (writer ? ", call writer beside it" : "");
                        List<long[]> out = samples.computeIfAbsent(key, k -> new ArrayList<>());
                        Background bg = writer ? new Background(new JdbcCallStore(ds, Clock.systemUTC()), calls) : null;
                        try {
                            for (int i = 0; i < n; i++) {
                                if (pace > 0) {
                                    java.util.concurrent.locks.LockSupport.parkNanos(pace * 1_000_000L);
                                }
                                long[] s = v.getValue().store(draft());
                                if (r > 0) { // round 0 warms up the JIT and the file
                                    out.add(s);
                                }
                            }
                        } finally {
                            if (bg != null) {
                                bg.close();
                            }
                        }
                    }
                }
            }
            for (var e : samples.entrySet()) {
                print(e.getKey(), e.getValue());
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", load());
        if (dir == null) { // a temp database of its own: not left behind in /tmp
            try (var files = Files.walk(d)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The statements the server used before (issue 14 item 4): INSERT numbered by the table's
     * identity, then UPDATE of the room, one commit; on a copy of the table ({@code table}).
     */
    private static long[] identityThenRoom(DataSource ds, TransferRecord draft, String table) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            long id;
            try (PreparedStatement ins =
                    c.prepareStatement(INSERT.replace("transfer_attempts", table), Statement.RETURN_GENERATED_KEYS)) {
                bind(ins, draft, "");
                ins.executeUpdate();
                try (ResultSet k = ins.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            long t2 = System.nanoTime();
            try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET room = ? WHERE id = ?")) {
                up.setString(1, Long.toString(70_000 + id));
                up.setLong(2, id);
                up.executeUpdate();
            }
            long t3 = System.nanoTime();
            c.commit();
            long t4 = System.nanoTime();
            return new long[] {t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3};
        }
    }

    /**
     * The next number read in the same transaction ({@code MAX(id) + 1} on the primary key), then
     * ONE insert with id and room: no sequence to flush, no UPDATE. Gap-free as long as one writer
     * numbers at a time (the transfer service's lock; one active server).
     */
    private static long[] maxPlusOne(DataSource ds, TransferRecord draft) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            long id;
            try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM bench_max_attempts");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            long t2 = System.nanoTime();
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO bench_max_attempts (id, " + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ins.setLong(1, id);
                bind(ins, draft.numbered(id, Long.toString(70_000 + id)), "shift");
                ins.executeUpdate();
            }
            long t3 = System.nanoTime();
            c.commit();
            long t4 = System.nanoTime();
            return new long[] {t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3};
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A copy of transfer_attempts (its columns and index) named {@code table}. */
    private static void createCopy(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "call_id VARCHAR(64) NOT NULL, caller VARCHAR(64) NOT NULL, matter VARCHAR(64) NOT NULL, "
                    + "department VARCHAR(64) NOT NULL, room VARCHAR(16) NOT NULL, requested_by VARCHAR(64) NOT NULL, "
                    + "requested_at TIMESTAMP WITH TIME ZONE NOT NULL, state VARCHAR(32) NOT NULL, outcome VARCHAR(16), "
                    + "cause VARCHAR(16), target VARCHAR(256), connected_at TIMESTAMP WITH TIME ZONE, "
                    + "ended_at TIMESTAMP WITH TIME ZONE, override_by VARCHAR(64), override_reason VARCHAR(512), "
                    + "work_order_id BIGINT)");
            s.execute("CREATE INDEX " + table + "_requested_at ON " + table + " (requested_at)");
        }
    }

    private static final String COLS =
            "call_id, caller, matter, department, room, requested_by, requested_at, state, outcome, "
                    + "cause, target, connected_at, ended_at, override_by, override_reason, work_order_id";
    private static final String INSERT =
            "INSERT INTO transfer_attempts (" + COLS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private static void bind(PreparedStatement ps, TransferRecord a, String shift) throws SQLException {
        int o = shift.isEmpty() ? 0 : 1;
        ps.setString(o + 1, a.callId());
        ps.setString(o + 2, a.caller());
        ps.setString(o + 3, a.matter());
        ps.setString(o + 4, a.department());
        ps.setString(o + 5, a.room());
        ps.setString(o + 6, a.requestedBy());
        ps.setObject(o + 7, a.requestedAt().atOffset(java.time.ZoneOffset.UTC));
        ps.setString(o + 8, a.state().wireName());
        for (int i = 9; i <= 16; i++) {
            ps.setObject(o + i, null);
        }
    }

    private static long seq;

    private static TransferRecord draft() {
        seq++;
        return new TransferRecord(
                0,
                "1764460000." + seq,
                "1300000" + seq,
                "vat-credit-refund",
                "增值税留抵退税",
                "tax",
                "税务局",
                "",
                "supervisor",
                Instant.now(),
                TransferAttempt.State.REQUESTED,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static JdbcTransferStore.NameLookup names() {
        return new JdbcTransferStore.NameLookup() {
            @Override
            public String matterName(String code) {
                return code;
            }

            @Override
            public String departmentName(String code) {
                return code;
            }
        };
    }

    private static void print(String name, List<long[]> s) {
        int parts = s.get(0).length;
        String[] labels = parts == 1
                ? new String[] {"total"}
                : new String[] {"total", "connection", "1st statement", "2nd statement", "commit"};
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-62s", name));
        for (int p = 0; p < parts; p++) {
            final int q = p;
            long[] v = s.stream().mapToLong(x -> x[q]).sorted().toArray();
            b.append(String.format(
                    Locale.ROOT,
                    " | %s %.2f / %.2f / %.2f",
                    labels[p],
                    Latencies.pct(v, 0.5) / 1e6,
                    Latencies.pct(v, 0.99) / 1e6,
                    v[v.length - 1] / 1e6));
        }
        System.out.println(b + "  (ms p50 / p99 / max)");
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** The call writer's group commit beside the transfers: one transaction of {@code calls} calls every 500 ms. */
    private static final class Background {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread t;

        Background(CallStore calls, int perGroup) {
            t = new Thread(
                    () -> {
                        long k = 0;
                        while (!stop.get()) {
                            List<CallStore.Write> group = new ArrayList<>();
                            Instant now = Instant.now();
                            for (int i = 0; i < perGroup; i++) {
                                String id = "bg-" + System.nanoTime() + "-" + (k++);
                                CallRecord c = new CallRecord(
                                        id,
                                        "13800000000",
                                        "12345",
                                        now,
                                        "enterprise-desk",
                                        now,
                                        now,
                                        "8101",
                                        now,
                                        "8101",
                                        false,
                                        null,
                                        null,
                                        null,
                                        null,
                                        CallState.TALKING,
                                        null,
                                        List.of());
                                group.add(new CallStore.Write(
                                        c,
                                        List.of(
                                                new TimelineEntry(now, "arrived", null, null),
                                                new TimelineEntry(now, "queued", null, null),
                                                new TimelineEntry(now, "ringing", "8101", null),
                                                new TimelineEntry(now, "answered", "8101", null)),
                                        false));
                            }
                            calls.saveAll(group);
                            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
                        }
                    },
                    "bench-call-writer");
            t.start();
        }

        void close() throws InterruptedException {
            stop.set(true); // not interrupted: an interrupt inside H2's file write closes the database
            t.join();
        }
    }
}
