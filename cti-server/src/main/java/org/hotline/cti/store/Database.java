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
        hc.setJdbcUrl(url);
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
                    ErrorId.DATABASE_UNAVAILABLE, "cannot open database " + url + ": " + rootMessage(e), e);
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
                    ErrorId.DATABASE_MIGRATION_FAILED, "cannot migrate database " + url + ": " + rootMessage(e), e);
        }
        return new Database(ds);
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
