package org.hotline.cti.boot;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.port.LeaderLock;
import org.hotline.cti.config.ServerConfig;
import org.hotline.cti.http.HttpServer;
import org.hotline.cti.http.Router;
import org.hotline.cti.http.StandbyApi;
import org.hotline.cti.store.PgAdvisoryLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14 item 5: one of an active/standby pair of {@code serve} processes on one PostgreSQL,
 * with no protocol of our own: the active server is whichever holds the advisory lock.
 *
 * <p>The standby holds the lock connection and a bare HTTP server only: {@code GET /api/health}
 * says {@code {"status":"standby"}}, everything else 503 {@code standby}. It does not connect to
 * AMI nor run schedulers. It retries the lock every {@code ha.retryEvery} (1 s); once it holds it,
 * it closes the bare server and starts the whole {@link CtiServer} — the split is the whole server,
 * not half of it, because everything the active parts load at start (open calls, callbacks, work
 * order deadlines, the knowledge base) was being written by the other server until that moment:
 * the normal start reads it fresh and resyncs from Asterisk and CEL, as on any start.
 *
 * <p>The active server checks its lock session every {@code retryEvery}; if the session is lost
 * (the database restarted), the lock may be someone else's: it stops its active parts and goes
 * back to standby rather than run two servers against one PBX.
 */
public final class ActiveStandby implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActiveStandby.class);

    private final ServerConfig config;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ha-leader");
        t.setDaemon(true);
        return t;
    });
    private LeaderLock lock;
    private volatile CtiServer active;
    private volatile boolean leading;
    private volatile InetSocketAddress httpAddress;
    private HttpServer standbyHttp;
    private AuthService standbyAuth;
    private boolean closed;

    public ActiveStandby(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public synchronized ActiveStandby start() {
        var db = config.database();
        lock = new PgAdvisoryLock(
                db.url(), db.user(), db.password(), config.ha().lockKey());
        if (lock.tryAcquire()) {
            log.info(
                    "active/standby: this server holds lock {} and is active",
                    config.ha().lockKey());
            leading = true;
            becomeActive();
        } else {
            becomeStandby();
        }
        long every = config.ha().retryEvery().toMillis();
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void check() {
        if (closed) {
            return;
        }
        try {
            if (active == null) {
                if (lock.tryAcquire()) {
                    leading = true;
                    log.info(
                            "active/standby: lock {} acquired, taking over as the active server",
                            config.ha().lockKey());
                    stopStandby();
                    becomeActive();
                }
            } else if (!lock.held()) {
                log.error("active/standby: the lock's database session ended, another server may be active: "
                        + "stopping the active parts, back to standby");
                CtiServer was = active;
                active = null;
                leading = false;
                was.close();
                becomeStandby();
            }
        } catch (RuntimeException e) {
            log.error("active/standby: could not take over: {}", e.getMessage());
            active = null;
            leading = false;
            lock.close(); // let the other server try
            if (standbyHttp == null) {
                try {
                    becomeStandby();
                } catch (RuntimeException again) {
                    log.error("active/standby: cannot serve the standby health check either: {}", again.getMessage());
                }
            }
        }
    }

    private void becomeActive() {
        active = new CtiServer(config, clock).start();
        httpAddress = active.httpAddress();
    }

    private void becomeStandby() {
        standbyAuth = new AuthService(config.users(), clock);
        Router router = new Router();
        new StandbyApi().register(router);
        standbyHttp = new HttpServer(router, standbyAuth, null, null, AdapterSettings.http(config.http()));
        try {
            httpAddress = standbyHttp.start(config.http().host(), config.http().port());
        } catch (RuntimeException e) {
            stopStandby();
            throw e;
        }
        log.info(
                "active/standby: standby on http://{}:{}; lock {} is held by the active server, retrying every {} ms",
                httpAddress.getHostString(),
                httpAddress.getPort(),
                config.ha().lockKey(),
                config.ha().retryEvery().toMillis());
    }

    private void stopStandby() {
        if (standbyHttp != null) {
            standbyHttp.close();
            standbyHttp = null;
        }
        if (standbyAuth != null) {
            standbyAuth.close();
            standbyAuth = null;
        }
    }

    /** True from the moment this server holds the lock (its active parts may still be starting). */
    public boolean leading() {
        return leading;
    }

    /** The active server, or null while this one is the standby (or still starting its active parts). */
    public CtiServer active() {
        return active;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            closed = true;
            stopStandby();
            if (active != null) {
                active.close();
                active = null;
            }
            if (lock != null) {
                lock.close();
            }
        }
    }
}
