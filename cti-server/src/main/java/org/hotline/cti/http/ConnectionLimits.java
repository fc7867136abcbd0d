package org.hotline.cti.http;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps on open connections, in all and per client address (issue 11 item 8): past either the
 * new connection is closed at once, before a byte is read. One warning per address per minute.
 */
final class ConnectionLimits {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final int max;
    private final int perAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ConnectionLimits(int max, int perAddress) {
        this.max = max;
        this.perAddress = perAddress;
    }

    /** Counts {@code ch} in and returns true, or returns false (the caller closes it). */
    boolean admit(Channel ch) {
        InetAddress a = ch.remoteAddress() instanceof InetSocketAddress s ? s.getAddress() : null;
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            warn("the server has " + max + " connections open (http.maxConnections)");
            return false;
        }
        if (a != null) {
            AtomicInteger n = byAddress.computeIfAbsent(a, k -> new AtomicInteger());
            if (n.incrementAndGet() > perAddress) {
                release(a, n);
                open.decrementAndGet();
                warn(a.getHostAddress() + " has " + perAddress + " connections open (http.maxConnectionsPerAddress)");
                return false;
            }
        }
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            if (a != null) {
                AtomicInteger n = byAddress.get(a);
                if (n != null) {
                    release(a, n);
                }
            }
        });
        return true;
    }

    int open() {
        return open.get();
    }

    private void release(InetAddress a, AtomicInteger n) {
        if (n.decrementAndGet() <= 0) {
            byAddress.remove(a, n);
        }
    }

    private void warn(String why) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("refusing new connections: {}", why);
        }
    }
}
