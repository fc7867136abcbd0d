package org.hotline.cti.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database an integration test's server runs on (issue 14 item 7). H2 by default; with
 * {@code -Dit.db=postgres} the real PostgreSQL of {@code .ci/setup}, where every server a test
 * starts gets a schema of its own, as it gets a fresh in-memory H2 otherwise, so tests that count
 * today's calls or expect the first work order to be {@code WO1} mean the same on both.
 *
 * <p>Connection as in {@code PostgresStoreIT}: {@code CTI_TEST_PG_URL} (default {@value #DEFAULT_PG_URL}),
 * {@code CTI_TEST_PG_USER} ({@code cti}), {@code CTI_TEST_PG_PASSWORD} (the test-only one .ci/setup
 * sets). An unreachable PostgreSQL fails the test with how to fix it; it never skips.
 */
public final class TestDatabase {
    public static final String PROPERTY = "it.db";
    static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/cti";
    private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=(it_[0-9a-f]{12})");
    /** Schemas this JVM made and has not dropped yet: dropped when it exits, whatever failed. */
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "drop-it-schemas"));
    }

    private TestDatabase() {}

    /** True when the integration tests run on PostgreSQL ({@code -Dit.db=postgres}). */
    public static boolean postgres() {
        String kind = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "h2", "" -> false;
            case "postgres", "postgresql" -> true;
            default -> throw new IllegalStateException("-D" + PROPERTY + " must be h2 or postgres, was '" + kind + "'");
        };
    }

    /** A new, empty database for one server: H2 in memory, or a new PostgreSQL schema. */
    public static String fresh() {
        return postgres() ? newSchema() : "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * A database that outlives its server, for tests that stop a server and start another on the
     * same data: an H2 file under {@code dir}, or a new PostgreSQL schema.
     */
    public static String persistent(Path dir) {
        return postgres() ? newSchema() : "jdbc:h2:file:" + dir.resolve("cti").toAbsolutePath();
    }

    /** A new schema on the test PostgreSQL, whatever {@code it.db} says (for tests that need PostgreSQL). */
    public static String newSchema() {
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError(
                    "PostgreSQL not reachable at " + pgUrl() + " as " + pgUser()
                            + " (run .ci/setup as root, or set CTI_TEST_PG_URL/USER/PASSWORD): " + e.getMessage(),
                    e);
        }
        CREATED.add(schema);
        String url = pgUrl();
        // ApplicationName marks this schema's connections, so crash() can cut exactly those.
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&ApplicationName=" + schema
                + "&user=" + pgUser() + "&password=" + pgPassword();
    }

    /**
     * What the database sees when the server's process dies: its connections end and nothing more
     * reaches the data until a new server opens it. H2: {@code SHUTDOWN IMMEDIATELY} (after a
     * checkpoint, as a crashed process leaves its file). PostgreSQL: the schema is renamed away and
     * the server's sessions are terminated; {@link #revive(String)} brings it back once the old
     * server is closed.
     */
    public static void crash(String url) {
        try {
            if (url.startsWith("jdbc:h2:")) {
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                        Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                    s.execute("SHUTDOWN IMMEDIATELY");
                } catch (SQLException expected) {
                    // SHUTDOWN IMMEDIATELY closes the connection under the statement
                }
                return;
            }
            String schema = schemaOf(url);
            try (Connection c = admin();
                    Statement s = c.createStatement()) {
                s.execute("ALTER SCHEMA " + schema + " RENAME TO " + schema + "_crashed");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + schema
                        + "' AND pid <> pg_backend_pid()");
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot crash the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** After {@link #crash(String)} and the old server's close: the data is there again for the next one. */
    public static void revive(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return; // the next server opens the file again
        }
        String schema = schemaOf(url);
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("ALTER SCHEMA " + schema + "_crashed RENAME TO " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot revive the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** Drops a schema {@link #newSchema()} made (nothing to do for H2). */
    public static void drop(String url) {
        Matcher m = SCHEMA.matcher(url);
        if (!url.startsWith("jdbc:postgresql:") || !m.find()) {
            return;
        }
        String schema = m.group(1);
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + schema + "_crashed CASCADE");
            CREATED.remove(schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot drop the test schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static void dropAll() {
        for (String schema : Set.copyOf(CREATED)) {
            try {
                drop("jdbc:postgresql:?currentSchema=" + schema);
            } catch (AssertionError e) {
                System.err.println(e.getMessage()); // a leftover schema is harmless; the next run makes new ones
            }
        }
    }

    private static String schemaOf(String url) {
        Matcher m = SCHEMA.matcher(url);
        if (!m.find()) {
            throw new IllegalArgumentException("not a test schema's URL: " + url);
        }
        return m.group(1);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
    }

    public static String pgUrl() {
        return env("CTI_TEST_PG_URL", DEFAULT_PG_URL);
    }

    public static String pgUser() {
        return env("CTI_TEST_PG_USER", "cti");
    }

    public static String pgPassword() {
        return env("CTI_TEST_PG_PASSWORD", "cti-test-only");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
