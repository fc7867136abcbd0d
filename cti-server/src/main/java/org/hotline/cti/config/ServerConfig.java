package org.hotline.cti.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.dialtest.DialTestSettings;
import org.hotline.cti.app.transfer.TransferSettings;
import org.hotline.cti.domain.calendar.DeskStaffing;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.transfer.ThreeWayBudget;

/**
 * The server's typed configuration ({@code config/cti.yaml}). Secrets are masked in
 * {@link #toString()}; every value is checked at load with an error naming file and key.
 */
public record ServerConfig(
        Http http,
        Ami ami,
        DatabaseConfig database,
        ZoneId zone,
        List<User> users,
        Path configDir,
        Rules rules,
        Transfer transfer,
        CallbackConfig callbacks,
        DialTestSettings dialTests,
        DialplanConfig pbx,
        Agi agi,
        Ha ha) {

    /** Without the {@code ha} section: one server, no standby (as before issue 14). */
    public ServerConfig(
            Http http,
            Ami ami,
            DatabaseConfig database,
            ZoneId zone,
            List<User> users,
            Path configDir,
            Rules rules,
            Transfer transfer,
            CallbackConfig callbacks,
            DialTestSettings dialTests,
            DialplanConfig pbx,
            Agi agi) {
        this(http, ami, database, zone, users, configDir, rules, transfer, callbacks, dialTests, pbx, agi, Ha.OFF);
    }

    /**
     * Issue 14 item 5: an active/standby pair of {@code serve} processes on one PostgreSQL. The
     * active one holds the session-level advisory lock {@code lockKey}; the standby retries every
     * {@code retryEvery}.
     */
    public record Ha(boolean enabled, long lockKey, Duration retryEvery) {
        public static final Ha OFF = new Ha(false, 1234514L, Duration.ofSeconds(1));
        /** The standby must take over within 5 s of the active one dying (issue 14 item 5). */
        public static final Duration MAX_RETRY_EVERY = Duration.ofSeconds(2);
    }

    /**
     * The FastAGI server the inbound dialplan asks at arrival (caller recognition, R11 priority).
     * {@code answerWithin} bounded a database look-up while the caller rang; since issue 14 item 4
     * the look-ups are answered from memory and nothing waits on it: it is still read and checked
     * so that existing files load.
     */
    public record Agi(boolean enabled, String host, int port, Duration answerWithin) {
        public static final Agi DEFAULTS = new Agi(true, "127.0.0.1", 4573, Duration.ofMillis(800));
        /** Asterisk gives up connecting after 2 s; a longer lookup only keeps the caller waiting. */
        public static final Duration MAX_ANSWER_WITHIN = Duration.ofSeconds(2);
    }

    /**
     * Where the hotline's rule files are (relative to the config file's folder), how the calendar is
     * taken, and when the desk itself is staffed (R2: not the same as the departments' working time).
     */
    public record Rules(Path departments, Path calendarDir, Path roster, boolean alwaysOpen, DeskStaffing deskStaffed) {
        public static final String DEFAULT_DEPARTMENTS = "departments.yaml";
        public static final String DEFAULT_CALENDAR_DIR = "calendar";
        public static final String DEFAULT_ROSTER = "roster.yaml";
        /** R2: a 12345 desk answers around the clock; the departments' working time does not close it. */
        public static final DeskStaffing DEFAULT_DESK_STAFFED = DeskStaffing.AROUND_THE_CLOCK;
    }

    /** Transfers: dial targets, grace past ring timeouts, the three-way budget (R10). */
    public record Transfer(TransferSettings settings, ThreeWayBudget.Settings budget) {}

    /**
     * The HTTP edge (issue 11 items 8 and 10): timeouts, connection caps, request pools, the
     * Host/Origin allow-lists, TLS (PEM files), and the token file that opens /metrics.
     */
    public record Http(
            String host,
            int port,
            Duration requestTimeout,
            Duration idleTimeout,
            Duration loginTimeout,
            int maxConnections,
            int maxConnectionsPerAddress,
            int requestThreads,
            int requestQueue,
            List<String> allowedHosts,
            List<String> allowedOrigins,
            Path tlsCertificate,
            Path tlsPrivateKey,
            boolean allowPlainRemote,
            Path metricsTokenFile) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(10);
        /** The shortest timeout accepted: below it a busy machine drops healthy clients. */
        public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

        public static final int DEFAULT_MAX_CONNECTIONS = 4096;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 512;
        public static final int DEFAULT_REQUEST_THREADS = 16;
        public static final int DEFAULT_REQUEST_QUEUE = 64;
    }

    /**
     * The Asterisk node(s) followed over AMI (issue 14 item 6): one, or several, each with its own
     * connection; {@code inboundContexts} and {@code queue} are the same on every node (one dialplan).
     */
    public record Ami(List<AmiConnection> nodes, Set<String> inboundContexts, String queue) {
        public static final List<String> DEFAULT_INBOUND_CONTEXTS = List.of("from-enterprise");
        public static final String DEFAULT_QUEUE = "enterprise-desk";
        /** Each node is a connection and a resync of its own; a hotline runs a handful. */
        public static final int MAX_NODES = 64;

        public Ami {
            nodes = List.copyOf(nodes);
        }

        /** The single node, or the first one listed (whose calls keep their bare uniqueids). */
        public AmiConnection settings() {
            return nodes.isEmpty() ? null : nodes.get(0);
        }
    }

    /**
     * The database; the password prints as {@code <masked>}. {@code commitLinger}: how long call
     * writes are gathered into one commit (issue 14); a SIGKILL can lose that much, repaired from
     * the PBX at the next start (see {@link org.hotline.cti.app.WriteBehindCallStore}).
     */
    public record DatabaseConfig(String url, String user, String password, Duration commitLinger) {
        public static final DatabaseConfig DEFAULTS = new DatabaseConfig("jdbc:h2:file:./data/cti", "sa", "");
        /** Above this a dashboard visibly lags the store, and a crash loses more than it need. */
        public static final Duration MAX_COMMIT_LINGER = Duration.ofSeconds(5);

        public DatabaseConfig(String url, String user, String password) {
            this(url, user, password, org.hotline.cti.app.WriteBehindCallStore.DEFAULT_LINGER);
        }

        @Override
        public String toString() {
            return "DatabaseConfig[" + org.hotline.cti.Secrets.maskUrl(url) + ", user=" + user
                    + ", password=<masked>, commitLinger=" + commitLinger + "]";
        }
    }

    public static final String DEFAULT_CALENDAR = "real";

    public static ServerConfig load(Path file) {
        return from(ConfigNode.load(file), file.toAbsolutePath().getParent());
    }

    /**
     * Reads and checks every section; throws one {@link ConfigException} listing every problem as
     * {@code file: key: reason}.
     */
    public static ServerConfig from(ConfigNode root, Path configDir) {
        Path base = configDir == null ? Path.of("config") : configDir;
        Http http = http(root.child("http"), root.child("metrics"), base);
        Ami ami = ami(root);
        DatabaseConfig db = database(root.child("database"));

        ConfigNode ht = root.child("hotline");
        ZoneId zone = ht.parsed("zone", ht.text("zone", WorkCalendar.DEFAULT_ZONE.getId()), ServerConfig::zone, null);
        String cal = ht.text("calendar", DEFAULT_CALENDAR);
        if (!cal.equals("real") && !cal.equals("always-open")) {
            ht.problem("calendar", "must be real or always-open, was '" + cal + "'");
        }
        if (ht.has("manageDeskMode")) {
            // The old key closed the desk outside the departments' working time by default, which R2 does not want.
            ht.problem(
                    "manageDeskMode",
                    "was replaced by deskStaffed (around-the-clock, working-time or daily hours "
                            + "such as '07:00-23:00'); remove manageDeskMode");
        }
        DeskStaffing staffed = ht.parsed(
                "deskStaffed",
                ht.text("deskStaffed", Rules.DEFAULT_DESK_STAFFED.toString()),
                DeskStaffing::parse,
                null);
        Rules rules = new Rules(
                base.resolve(ht.text("departments", Rules.DEFAULT_DEPARTMENTS)),
                base.resolve(ht.text("calendarDir", Rules.DEFAULT_CALENDAR_DIR)),
                base.resolve(ht.text("roster", Rules.DEFAULT_ROSTER)),
                cal.equals("always-open"),
                staffed);

        Transfer transfer = transfer(root.child("transfer"));
        Agi agi = agi(root.child("agi"));
        Ha ha = ha(root.child("ha"), db);
        List<User> users = users(root);
        CallbackConfig callbacks = CallbackConfig.from(root);
        DialTestSettings dialTests = DialTestConfig.from(root.child("dialTests"));
        DialplanConfig pbx = DialplanConfig.from(root.child("pbx"));
        if (!ami.nodes().isEmpty()) {
            checkNodeFiles(root, ami);
        }
        root.reportUnknownKeys();
        root.throwIfProblems();
        return new ServerConfig(
                http, ami, db, zone, users, configDir, rules, transfer, callbacks, dialTests, pbx, agi, ha);
    }

    private static ZoneId zone(String z) {
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + z + "'", e);
        }
    }

    /**
     * {@code ami:} as one node (host, port… directly under it, as before issue 14), as a list of
     * nodes under {@code ami.nodes} (each inheriting the keys written beside the list), or as a
     * plain list of nodes (issue 14 item 6).
     */
    private static Ami ami(ConfigNode root) {
        boolean plainList = root.isList("ami");
        ConfigNode a = plainList ? root.child("(no such section)") : root.child("ami");
        List<ConfigNode> items = plainList ? root.list("ami") : a.list("nodes");
        if (items.size() > Ami.MAX_NODES) {
            (plainList ? root : a)
                    .problem(
                            plainList ? "ami" : "nodes",
                            "lists " + items.size() + " nodes; at most " + Ami.MAX_NODES + " are followed");
            items = items.subList(0, Ami.MAX_NODES);
        }
        List<AmiConnection> nodes = new ArrayList<>();
        List<ConfigNode> where = new ArrayList<>();
        if (items.isEmpty()) {
            if (a.has("nodes")) {
                a.problem("nodes", "lists no node; give at least one");
            }
            connection(a, a, AmiConnection.DEFAULT_NAME).ifPresent(nodes::add);
            where.add(a);
        } else {
            for (String key : List.of("host", "port", "name", "agents")) {
                if (a.has(key)) {
                    a.problem(key, "belongs to each node under ami.nodes when nodes are listed");
                }
            }
            for (int i = 0; i < items.size(); i++) {
                int before = nodes.size();
                connection(items.get(i), a, "pbx" + (i + 1)).ifPresent(nodes::add);
                if (nodes.size() > before) {
                    where.add(items.get(i));
                }
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = 0; j < i; j++) {
                AmiConnection x = nodes.get(i);
                AmiConnection y = nodes.get(j);
                if (x.name().equals(y.name())) {
                    where.get(i).problem("name", "'" + x.name() + "' names two nodes; each node needs its own name");
                }
                if (x.host().equals(y.host()) && x.port() == y.port()) {
                    where.get(i).problem("port", x.host() + ":" + x.port() + " is already node '" + y.name() + "'");
                }
                if (x.agents().overlaps(y.agents())) {
                    where.get(i)
                            .problem(
                                    "agents",
                                    "'" + x.agents() + "' shares extensions with node '" + y.name() + "' ('"
                                            + y.agents() + "'); an agent lives on one node");
                }
            }
        }
        return new Ami(
                nodes,
                new HashSet<>(a.strings("inboundContexts", Ami.DEFAULT_INBOUND_CONTEXTS)),
                a.text("queue", Ami.DEFAULT_QUEUE));
    }

    /** One node's connection: its own keys, else those of {@code shared} (the ami section), else the defaults. */
    private static java.util.Optional<AmiConnection> connection(ConfigNode n, ConfigNode shared, String defaultName) {
        shared.known("username", "secret"); // each node may give its own instead
        String username = n.has("username") ? n.requiredText("username") : shared.requiredText("username");
        String secret = n.has("secret") ? n.requiredText("secret") : shared.requiredText("secret");
        int port = n.integer("port", AmiConnection.DEFAULT_PORT, 1, 65535);
        org.hotline.cti.domain.call.ExtensionRanges agents = org.hotline.cti.domain.call.ExtensionRanges.NONE;
        try {
            agents = org.hotline.cti.domain.call.ExtensionRanges.parse(n.strings("agents", List.of()));
        } catch (IllegalArgumentException e) {
            n.problem("agents", e.getMessage());
        }
        try {
            return java.util.Optional.of(new AmiConnection(
                    n.text("name", defaultName),
                    n.text("host", AmiConnection.DEFAULT_HOST),
                    port,
                    username,
                    secret,
                    n.text("events", shared.text("events", null)),
                    n.duration("keepAlive", shared.duration("keepAlive", AmiConnection.DEFAULT_KEEP_ALIVE)),
                    n.duration("reconnectMin", shared.duration("reconnectMin", AmiConnection.DEFAULT_RECONNECT_MIN)),
                    n.duration("reconnectMax", shared.duration("reconnectMax", AmiConnection.DEFAULT_RECONNECT_MAX)),
                    n.duration(
                            "connectTimeout", shared.duration("connectTimeout", AmiConnection.DEFAULT_CONNECT_TIMEOUT)),
                    n.duration("actionTimeout", shared.duration("actionTimeout", AmiConnection.DEFAULT_ACTION_TIMEOUT)),
                    agents,
                    // Per node only (issue 14 item 6): two nodes never share a CEL file or a dialplan directory.
                    n == shared ? null : path(n.text("celFile", null)),
                    n == shared ? null : path(n.text("dialplanDir", null))));
        } catch (IllegalArgumentException e) {
            n.problem("", e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    /**
     * The first node's CEL file and dialplan directory may be given on the node or, as before
     * several nodes, as {@code callbacks.celFile} and {@code pbx.dialplanDir}; not two different
     * ones. Two nodes never share one: each would read the other's calls or overwrite its dialplan.
     */
    private static void checkNodeFiles(ConfigNode root, Ami ami) {
        List<ConfigNode> items =
                root.isList("ami") ? root.list("ami") : root.child("ami").list("nodes");
        if (items.size() != ami.nodes().size()) {
            return; // a node was refused already; its problem is reported
        }
        AmiConnection first = ami.nodes().get(0);
        String cel = root.child("callbacks").text("celFile", null);
        if (first.celFile() != null && cel != null && !Path.of(cel).equals(first.celFile())) {
            items.get(0)
                    .problem("celFile", "differs from callbacks.celFile ('" + cel + "'); give the first node's once");
        }
        String dir = root.child("pbx").text("dialplanDir", null);
        if (first.dialplanDir() != null && dir != null && !Path.of(dir).equals(first.dialplanDir())) {
            items.get(0)
                    .problem("dialplanDir", "differs from pbx.dialplanDir ('" + dir + "'); give the first node's once");
        }
        List<Path> cels = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            AmiConnection x = ami.nodes().get(i);
            Path xCel = x.celFile() != null ? x.celFile() : i == 0 ? path(cel) : null;
            Path xDir = x.dialplanDir() != null
                    ? x.dialplanDir()
                    : i == 0 ? path(dir == null ? DialplanConfig.DEFAULT_DIR.toString() : dir) : null;
            for (int j = 0; j < i; j++) {
                String y = ami.nodes().get(j).name();
                if (xCel != null && xCel.equals(cels.get(j))) {
                    items.get(i).problem("celFile", "is node '" + y + "''s too; each node writes its own");
                }
                if (xDir != null && xDir.equals(dirs.get(j))) {
                    items.get(i).problem("dialplanDir", "is node '" + y + "''s too; each node reads its own");
                }
            }
            cels.add(xCel);
            dirs.add(xDir);
        }
    }

    private static DatabaseConfig database(ConfigNode d) {
        DatabaseConfig db = new DatabaseConfig(
                d.text("url", DatabaseConfig.DEFAULTS.url()),
                d.text("user", DatabaseConfig.DEFAULTS.user()),
                d.text("password", DatabaseConfig.DEFAULTS.password()),
                d.duration("commitLinger", DatabaseConfig.DEFAULTS.commitLinger()));
        if (db.commitLinger().compareTo(DatabaseConfig.MAX_COMMIT_LINGER) > 0) {
            d.problem(
                    "commitLinger",
                    "must be at most " + DatabaseConfig.MAX_COMMIT_LINGER.toMillis() + " ms, was "
                            + db.commitLinger().toMillis() + " ms");
        }
        if (!db.url().startsWith("jdbc:")) {
            // The URL as written may carry a password (postgresql://cti:pw@db/cti): never echoed.
            d.problem(
                    "url",
                    "must be a JDBC URL (jdbc:h2:… or jdbc:postgresql:…), was '"
                            + org.hotline.cti.Secrets.maskUrl(db.url()) + "'");
        }
        return db;
    }

    private static Transfer transfer(ConfigNode t) {
        ConfigNode b = t.child("budget");
        ThreeWayBudget.Settings r10 = ThreeWayBudget.Settings.R10;
        ThreeWayBudget.Settings budget = r10;
        try {
            budget = new ThreeWayBudget.Settings(
                    percent(b, "share", r10.share()),
                    b.integer("lookbackWeeks", r10.lookbackWeeks(), 1, 52),
                    b.integer("floorCalls", (int) r10.floorCalls(), 0, 1_000_000));
        } catch (IllegalArgumentException e) {
            b.problem("", e.getMessage());
        }
        TransferSettings d = TransferSettings.DEFAULTS;
        TransferSettings ts = new TransferSettings(
                t.text("sipUriEndpoint", d.sipUriEndpoint()),
                t.text("numberTemplate", d.numberTemplate()),
                t.text("callerIdName", d.callerIdName()),
                t.duration("legGrace", d.legGrace()));
        if (!ts.numberTemplate().contains("{number}")) {
            t.problem("numberTemplate", "must contain {number}, was '" + ts.numberTemplate() + "'");
        }
        return new Transfer(ts, budget);
    }

    private static Agi agi(ConfigNode g) {
        Agi agi = new Agi(
                g.bool("enabled", Agi.DEFAULTS.enabled()),
                g.text("host", Agi.DEFAULTS.host()),
                g.integer("port", Agi.DEFAULTS.port(), 1, 65535),
                g.duration("answerWithin", Agi.DEFAULTS.answerWithin()));
        if (agi.answerWithin().isZero() || agi.answerWithin().compareTo(Agi.MAX_ANSWER_WITHIN) > 0) {
            g.problem(
                    "answerWithin",
                    "must be more than 0 and at most 2 seconds, was "
                            + agi.answerWithin().toMillis() + " ms");
        }
        return agi;
    }

    private static Ha ha(ConfigNode hn, DatabaseConfig db) {
        Ha ha = new Ha(
                hn.bool("enabled", Ha.OFF.enabled()),
                hn.integer("lockKey", (int) Ha.OFF.lockKey(), 1, Integer.MAX_VALUE),
                hn.duration("retryEvery", Ha.OFF.retryEvery()));
        if (ha.enabled() && !db.url().startsWith("jdbc:postgresql:")) {
            // The lock is a PostgreSQL advisory lock: two servers on H2 files cannot share one database.
            hn.problem(
                    "enabled",
                    "active/standby needs PostgreSQL (database.url: jdbc:postgresql:…), was '"
                            + org.hotline.cti.Secrets.maskUrl(db.url())
                            + "'; set ha.enabled: false for H2");
        }
        if (ha.retryEvery().isZero() || ha.retryEvery().compareTo(Ha.MAX_RETRY_EVERY) > 0) {
            hn.problem(
                    "retryEvery",
                    "must be more than 0 and at most 2 seconds, was "
                            + ha.retryEvery().toMillis() + " ms");
        }
        return ha;
    }

    private static Http http(ConfigNode h, ConfigNode metrics, Path base) {
        ConfigNode tls = h.child("tls");
        String cert = tls.text("certificateFile", null);
        String key = tls.text("privateKeyFile", null);
        if ((cert == null) != (key == null)) {
            tls.problem(
                    cert == null ? "certificateFile" : "privateKeyFile",
                    "TLS needs both certificateFile and privateKeyFile (PEM)");
        }
        String host = h.text("host", Http.DEFAULT_HOST);
        boolean plainRemote = h.bool("allowPlainRemote", false);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (!loopback && cert == null && !plainRemote) {
            h.problem(
                    "host",
                    "'" + host + "' is beyond loopback: give http.tls (certificateFile, privateKeyFile), "
                            + "or set http.allowPlainRemote: true when a TLS proxy stands in front");
        }
        String tokenFile = metrics.text("bearerTokenFile", null);
        Duration request = atLeast(h, "requestTimeout", Http.DEFAULT_REQUEST_TIMEOUT, Http.MIN_TIMEOUT);
        Duration idle = atLeast(h, "idleTimeout", Http.DEFAULT_IDLE_TIMEOUT, Http.MIN_TIMEOUT);
        Duration login = atLeast(h, "loginTimeout", Http.DEFAULT_LOGIN_TIMEOUT, Http.MIN_TIMEOUT);
        return new Http(
                host,
                h.integer("port", Http.DEFAULT_PORT, 0, 65535),
                request,
                idle,
                login,
                h.integer("maxConnections", Http.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                h.integer("maxConnectionsPerAddress", Http.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 1, 1_000_000),
                h.integer("requestThreads", Http.DEFAULT_REQUEST_THREADS, 1, 1024),
                h.integer("requestQueue", Http.DEFAULT_REQUEST_QUEUE, 1, 100_000),
                h.strings("allowedHosts", List.of()),
                h.strings("allowedOrigins", List.of()),
                cert == null || key == null ? null : base.resolve(cert),
                cert == null || key == null ? null : base.resolve(key),
                plainRemote,
                tokenFile == null ? null : base.resolve(tokenFile));
    }

    private static Duration atLeast(ConfigNode n, String key, Duration fallback, Duration min) {
        Duration d = n.duration(key, fallback);
        if (d.compareTo(min) < 0) {
            n.problem(key, "must be at least " + min.toMillis() + " ms, was " + d.toMillis() + " ms");
            return fallback;
        }
        return d;
    }

    /** {@code 4%} or {@code 0.04}. */
    private static double percent(ConfigNode n, String key, double fallback) {
        String v = n.text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return v.endsWith("%")
                    ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100
                    : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            n.problem(key, "must be a share such as '4%' or 0.04, was '" + v + "'");
            return fallback;
        }
    }

    private static List<User> users(ConfigNode root) {
        List<User> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // A slow hash by design (PBKDF2, ~0.5 s): users sharing one password (${AGENT_PASSWORD}) share its hash,
        // or a long users list would take minutes to start.
        java.util.Map<String, String> hashes = new java.util.HashMap<>();
        for (ConfigNode u : root.list("users")) {
            String name = u.requiredText("name");
            if (name != null && !seen.add(name)) {
                u.problem("name", "duplicate user '" + name + "'");
            }
            String roleText = u.requiredText("role");
            Role role = null;
            if (roleText != null) {
                try {
                    role = Role.fromWire(roleText);
                } catch (IllegalArgumentException e) {
                    u.problem("role", "must be agent, supervisor, admin or department");
                }
            }
            String hash = u.text("passwordHash", null);
            String plain = u.text("password", null);
            if (hash != null) {
                if (!PasswordHash.looksValid(hash)) {
                    u.problem("passwordHash", "must look like pbkdf2-sha256$ITERATIONS$SALT$HASH");
                }
            } else if (plain != null && !plain.isEmpty()) {
                hash = hashes.computeIfAbsent(plain, PasswordHash::hash);
            } else if (plain != null || !u.has("password")) { // else: an unset ${VAR}, already reported
                u.problem("password", "give passwordHash, or password (e.g. ${AGENT_PASSWORD})");
            }
            // A department user acts for one department only (its work orders, R13-R16): it must say which.
            u.known("department");
            String department = role == Role.DEPARTMENT ? u.requiredText("department") : null;
            if (name != null && role != null) {
                out.add(new User(name, role, u.text("extension", role == Role.AGENT ? name : null), hash, department));
            }
        }
        return out;
    }

    /** Applies {@code f} to the users list (the demo fills it in). */
    public ServerConfig withUsers(Function<List<User>, List<User>> f) {
        return new ServerConfig(
                http,
                ami,
                database,
                zone,
                f.apply(users),
                configDir,
                rules,
                transfer,
                callbacks,
                dialTests,
                pbx,
                agi,
                ha);
    }

    /** The demo's always-open calendar, or the real one ({@code demo --calendar real}). */
    public ServerConfig withAlwaysOpen(boolean alwaysOpen) {
        return new ServerConfig(
                http,
                ami,
                database,
                zone,
                users,
                configDir,
                new Rules(rules.departments(), rules.calendarDir(), rules.roster(), alwaysOpen, rules.deskStaffed()),
                transfer,
                callbacks,
                dialTests,
                pbx,
                agi,
                ha);
    }
}
