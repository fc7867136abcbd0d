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
    }

    /**
     * The FastAGI server the inbound dialplan asks at arrival (caller recognition, R11 priority).
     * {@code answerWithin}: how long a lookup may hold the ringing caller before the call queues
     * without it.
     */
    public record Agi(boolean enabled, String host, int port, Duration answerWithin) {
        public static final Agi DEFAULTS = new Agi(true, "127.0.0.1", 4573, Duration.ofMillis(800));
    }

    /**
     * Where the hotline's rule files are (relative to the config file's folder), how the calendar is
     * taken, and when the desk itself is staffed (R2: not the same as the departments' working time).
     */
    public record Rules(
            Path departments, Path calendarDir, Path roster, boolean alwaysOpen, DeskStaffing deskStaffed) {}

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
        public Http(String host, int port) {
            this(
                    host,
                    port,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(10),
                    4096,
                    512,
                    16,
                    64,
                    List.of(),
                    List.of(),
                    null,
                    null,
                    false,
                    null);
        }
    }

    public record Ami(AmiConnection settings, Set<String> inboundContexts, String queue) {}

    public record DatabaseConfig(String url, String user, String password) {
        @Override
        public String toString() {
            return "DatabaseConfig[" + url + ", user=" + user + ", password=<masked>]";
        }
    }

    public static ServerConfig load(Path file) {
        return from(ConfigNode.load(file), file.toAbsolutePath().getParent());
    }

    public static ServerConfig from(ConfigNode root, Path configDir) {
        ConfigNode h = root.child("http");
        Http http = http(h, root.child("metrics"), configDir == null ? Path.of("config") : configDir);

        ConfigNode a = root.child("ami");
        AmiConnection settings;
        try {
            settings = new AmiConnection(
                    a.text("host", "127.0.0.1"),
                    a.integer("port", 5038, 1, 65535),
                    a.requiredText("username"),
                    a.requiredText("secret"),
                    a.text("events", null),
                    a.duration("keepAlive", Duration.ofSeconds(10)),
                    a.duration("reconnectMin", Duration.ofMillis(200)),
                    a.duration("reconnectMax", Duration.ofSeconds(10)),
                    a.duration("connectTimeout", Duration.ofSeconds(5)),
                    a.duration("actionTimeout", Duration.ofSeconds(10)));
        } catch (IllegalArgumentException e) {
            throw a.error("", e.getMessage());
        }
        Ami ami = new Ami(
                settings,
                new HashSet<>(a.strings("inboundContexts", List.of("from-enterprise"))),
                a.text("queue", "enterprise-desk"));

        ConfigNode d = root.child("database");
        DatabaseConfig db = new DatabaseConfig(
                d.text("url", "jdbc:h2:file:./data/cti"), d.text("user", "sa"), d.text("password", ""));
        if (!db.url().startsWith("jdbc:")) {
            throw d.error("url", "must be a JDBC URL (jdbc:h2:… or jdbc:postgresql:…), was '" + db.url() + "'");
        }

        ConfigNode ht = root.child("hotline");
        ZoneId zone;
        String z = ht.text("zone", "Asia/Shanghai");
        try {
            zone = ZoneId.of(z);
        } catch (DateTimeException e) {
            throw ht.error("zone", "unknown time zone '" + z + "'");
        }
        String cal = ht.text("calendar", "real");
        if (!cal.equals("real") && !cal.equals("always-open")) {
            throw ht.error("calendar", "must be real or always-open, was '" + cal + "'");
        }
        if (ht.has("manageDeskMode")) {
            // The old key closed the desk outside the departments' working time by default, which R2 does not want.
            throw ht.error(
                    "manageDeskMode",
                    "was replaced by deskStaffed (around-the-clock, working-time or daily hours "
                            + "such as '07:00-23:00'); remove manageDeskMode");
        }
        DeskStaffing staffed;
        try {
            staffed = DeskStaffing.parse(ht.text("deskStaffed", "around-the-clock"));
        } catch (IllegalArgumentException e) {
            throw ht.error("deskStaffed", e.getMessage());
        }
        Path base = configDir == null ? Path.of("config") : configDir;
        Rules rules = new Rules(
                base.resolve(ht.text("departments", "departments.yaml")),
                base.resolve(ht.text("calendarDir", "calendar")),
                base.resolve(ht.text("roster", "roster.yaml")),
                cal.equals("always-open"),
                staffed);

        ConfigNode t = root.child("transfer");
        ConfigNode b = t.child("budget");
        ThreeWayBudget.Settings budget;
        try {
            budget = new ThreeWayBudget.Settings(
                    percent(b, "share", 0.04),
                    b.integer("lookbackWeeks", 4, 1, 52),
                    b.integer("floorCalls", 100, 0, 1_000_000));
        } catch (IllegalArgumentException e) {
            throw b.error("", e.getMessage());
        }
        TransferSettings ts = new TransferSettings(
                t.text("sipUriEndpoint", TransferSettings.DEFAULTS.sipUriEndpoint()),
                t.text("numberTemplate", TransferSettings.DEFAULTS.numberTemplate()),
                t.text("callerIdName", TransferSettings.DEFAULTS.callerIdName()),
                t.duration("legGrace", TransferSettings.DEFAULTS.legGrace()));
        if (!ts.numberTemplate().contains("{number}")) {
            throw t.error("numberTemplate", "must contain {number}, was '" + ts.numberTemplate() + "'");
        }
        ConfigNode g = root.child("agi");
        Agi agi = new Agi(
                g.bool("enabled", Agi.DEFAULTS.enabled()),
                g.text("host", Agi.DEFAULTS.host()),
                g.integer("port", Agi.DEFAULTS.port(), 1, 65535),
                g.duration("answerWithin", Agi.DEFAULTS.answerWithin()));
        if (agi.answerWithin().isZero() || agi.answerWithin().compareTo(Duration.ofSeconds(2)) > 0) {
            // Asterisk gives up connecting after 2 s; a longer lookup only keeps the caller waiting.
            throw g.error(
                    "answerWithin",
                    "must be more than 0 and at most 2 seconds, was "
                            + agi.answerWithin().toMillis() + " ms");
        }
        ConfigNode hn = root.child("ha");
        Ha ha = new Ha(
                hn.bool("enabled", false),
                hn.integer("lockKey", (int) Ha.OFF.lockKey(), 1, Integer.MAX_VALUE),
                hn.duration("retryEvery", Ha.OFF.retryEvery()));
        if (ha.enabled() && !db.url().startsWith("jdbc:postgresql:")) {
            // The lock is a PostgreSQL advisory lock: two servers on H2 files cannot share one database.
            throw hn.error(
                    "enabled",
                    "active/standby needs PostgreSQL (database.url: jdbc:postgresql:…), was '" + db.url()
                            + "'; set ha.enabled: false for H2");
        }
        if (ha.retryEvery().isZero() || ha.retryEvery().compareTo(Duration.ofSeconds(2)) > 0) {
            // The standby must take over within 5 s of the active one dying (issue 14 item 5).
            throw hn.error(
                    "retryEvery",
                    "must be more than 0 and at most 2 seconds, was "
                            + ha.retryEvery().toMillis() + " ms");
        }
        return new ServerConfig(
                http,
                ami,
                db,
                zone,
                users(root),
                configDir,
                rules,
                new Transfer(ts, budget),
                CallbackConfig.from(root),
                DialTestConfig.from(root.child("dialTests")),
                DialplanConfig.from(root.child("pbx")),
                agi,
                ha);
    }

    private static Http http(ConfigNode h, ConfigNode metrics, Path base) {
        ConfigNode tls = h.child("tls");
        String cert = tls.text("certificateFile", null);
        String key = tls.text("privateKeyFile", null);
        if ((cert == null) != (key == null)) {
            throw tls.error(
                    cert == null ? "certificateFile" : "privateKeyFile",
                    "TLS needs both certificateFile and privateKeyFile (PEM)");
        }
        String host = h.text("host", "127.0.0.1");
        boolean plainRemote = h.bool("allowPlainRemote", false);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (!loopback && cert == null && !plainRemote) {
            throw h.error(
                    "host",
                    "'" + host + "' is beyond loopback: give http.tls (certificateFile, privateKeyFile), "
                            + "or set http.allowPlainRemote: true when a TLS proxy stands in front");
        }
        String tokenFile = metrics.text("bearerTokenFile", null);
        Duration request = h.duration("requestTimeout", Duration.ofSeconds(10));
        Duration idle = h.duration("idleTimeout", Duration.ofSeconds(60));
        Duration login = h.duration("loginTimeout", Duration.ofSeconds(10));
        for (var e : java.util.Map.of("requestTimeout", request, "idleTimeout", idle, "loginTimeout", login)
                .entrySet()) {
            if (e.getValue().toMillis() < 100) {
                throw h.error(
                        e.getKey(),
                        "must be at least 100 ms, was " + e.getValue().toMillis() + " ms");
            }
        }
        return new Http(
                host,
                h.integer("port", 8080, 0, 65535),
                request,
                idle,
                login,
                h.integer("maxConnections", 4096, 1, 1_000_000),
                h.integer("maxConnectionsPerAddress", 512, 1, 1_000_000),
                h.integer("requestThreads", 16, 1, 1024),
                h.integer("requestQueue", 64, 1, 100_000),
                h.strings("allowedHosts", List.of()),
                h.strings("allowedOrigins", List.of()),
                cert == null ? null : base.resolve(cert),
                key == null ? null : base.resolve(key),
                plainRemote,
                tokenFile == null ? null : base.resolve(tokenFile));
    }

    /** {@code 4%} or {@code 0.04}. */
    private static double percent(ConfigNode n, String key, double fallback) {
        String v = n.text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            String s = v.trim();
            return s.endsWith("%")
                    ? Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100
                    : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw n.error(key, "must be a share such as '4%' or 0.04, was '" + v + "'");
        }
    }

    private static List<User> users(ConfigNode root) {
        List<User> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode u : root.list("users")) {
            String name = u.requiredText("name");
            if (!seen.add(name)) {
                throw u.error("name", "duplicate user '" + name + "'");
            }
            Role role;
            try {
                role = Role.fromWire(u.requiredText("role"));
            } catch (IllegalArgumentException e) {
                throw u.error("role", "must be agent, supervisor, admin or department");
            }
            String hash = u.text("passwordHash", null);
            String plain = u.text("password", null);
            if (hash != null) {
                if (!PasswordHash.looksValid(hash)) {
                    throw u.error("passwordHash", "must look like pbkdf2-sha256$ITERATIONS$SALT$HASH");
                }
            } else if (plain != null && !plain.isEmpty()) {
                hash = PasswordHash.hash(plain);
            } else {
                throw u.error("password", "give passwordHash, or password (e.g. ${AGENT_PASSWORD})");
            }
            // A department user acts for one department only (its work orders, R13-R16): it must say which.
            String department = role == Role.DEPARTMENT ? u.requiredText("department") : null;
            out.add(new User(name, role, u.text("extension", role == Role.AGENT ? name : null), hash, department));
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
