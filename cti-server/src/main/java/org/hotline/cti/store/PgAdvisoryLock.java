package org.hotline.cti.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.hotline.cti.app.port.LeaderLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14 item 5: leadership as a PostgreSQL session-level advisory lock on a dedicated
 * connection, outside the Hikari pool (a pooled connection would hand the session, and the lock
 * with it, to whatever borrows it next, and the pool may recycle it). A lease row would need
 * renewals, clock agreement and a timeout to expire; the advisory lock is released by PostgreSQL
 * itself the moment the holder's session ends — a SIGKILLed process's socket closes, its backend
 * exits, the lock is free.
 */
public final class PgAdvisoryLock implements LeaderLock {
    private static final Logger log = LoggerFactory.getLogger(PgAdvisoryLock.class);

    private final String url;
    private final String user;
    private final String password;
    private final long key;
    private Connection connection;
    private boolean held;

    public PgAdvisoryLock(String url, String user, String password, long key) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.key = key;
    }

    @Override
    public synchronized boolean tryAcquire() {
        if (held) {
            return held();
        }
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, user, password);
                connection.setAutoCommit(true);
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet r = s.executeQuery()) {
                    held = r.next() && r.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            log.debug("advisory lock {}: {}", key, e.getMessage()); // the database is away: try again later
            dropConnection();
        }
        return held;
    }

    @Override
    public synchronized boolean held() {
        if (!held) {
            return false;
        }
        try {
            if (connection.isValid(2)) {
                return true;
            }
        } catch (SQLException e) {
            log.debug("advisory lock {}: {}", key, e.getMessage());
        }
        // The session is gone, and the lock with it: another server may hold it by now.
        held = false;
        dropConnection();
        return false;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        held = false;
        dropConnection(); // ending the session releases the lock
    }
}
