package org.hotline.cti.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * The connection pool and the schema. H2 file database by default, PostgreSQL by JDBC URL;
 * the schema is brought up to date by Flyway's versioned migrations at start.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Database open(String url, String user, String password) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(durable(url));
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setPoolName("cti-db");
        hc.setMaximumPoolSize(8);
        hc.setConnectionTimeout(5_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new CtiException(
                    ErrorId.DATABASE_UNAVAILABLE, "cannot open database " + masked(url) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new CtiException(
                    ErrorId.DATABASE_MIGRATION_FAILED,
                    "cannot migrate database " + masked(url) + ": " + rootMessage(e),
                    e);
        }
        return new Database(ds);
    }

    /**
     * An H2 database on disk writes every commit through ({@code WRITE_DELAY=0}) unless the URL
     * says otherwise. H2's default keeps up to half a second of committed transactions in the
     * process's memory: a server killed (SIGKILL, OOM killer) would lose calls, callbacks and work
     * orders it had already confirmed. Written through means handed to the operating system, not
     * synced: H2 calls no fsync per commit (none in 4,000 commits, counted with perf in issue 14),
     * so a power cut or kernel crash can still lose the last seconds; PostgreSQL syncs every commit.
     * The cost is a chunk written per commit and a larger file between compactions, which is why the
     * call model's writes are grouped (one commit per {@code database.commitLinger}); a desk that
     * outgrows that runs on PostgreSQL.
     */
    static String durable(String url) {
        boolean h2OnDisk = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        if (!h2OnDisk || url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    /** The URL for messages and logs: a password written into it ({@code password=}, {@code user:pw@}) is masked. */
    static String masked(String url) {
        return org.hotline.cti.Secrets.maskUrl(url);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A cheap round trip for health checks. */
    public boolean ok() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
