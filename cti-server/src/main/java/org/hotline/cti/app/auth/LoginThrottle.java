package org.hotline.cti.app.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back-off after failed logins (issue 11 item 7), per user name and per client address: the first
 * {@link #FREE_FAILURES} failures cost nothing, then each further one doubles the wait (1 s, 2 s,
 * 4 s … at most {@link #MAX_WAIT}). A success clears the user's and the address's record; records
 * idle for {@link #FORGET_AFTER} are dropped, and at most {@link #MAX_ENTRIES} are kept.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** A spray of random user names or addresses must not grow memory without bound. */
    static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant last, Instant blockedUntil) {}

    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this key must still wait before its next attempt (zero: go ahead). */
    Duration wait(String key) {
        Failures f = byKey.get(key);
        if (f == null || f.blockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(clock.instant(), f.blockedUntil());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Records a failure; returns the count so far. */
    int failed(String key) {
        Instant now = clock.instant();
        if (byKey.size() >= MAX_ENTRIES && !byKey.containsKey(key)) {
            prune(now);
        }
        Failures f = byKey.merge(key, new Failures(1, now, null), (old, one) -> {
            int n = old.count() + 1;
            return new Failures(n, now, n > FREE_FAILURES ? now.plus(backoff(n - FREE_FAILURES)) : null);
        });
        return f.count();
    }

    void succeeded(String key) {
        byKey.remove(key);
    }

    int size() {
        return byKey.size();
    }

    static Duration backoff(int beyondFree) {
        // 1 s, 2 s, 4 s, …; the shift is capped so it cannot overflow.
        Duration d = Duration.ofSeconds(1L << Math.min(beyondFree - 1, 20));
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    private void prune(Instant now) {
        byKey.entrySet()
                .removeIf(e -> e.getValue().last().plus(FORGET_AFTER).isBefore(now)
                        && (e.getValue().blockedUntil() == null
                                || e.getValue().blockedUntil().isBefore(now)));
        if (byKey.size() >= MAX_ENTRIES) {
            // Still full of fresh failures: forget the oldest half rather than grow.
            byKey.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(Failures::last)))
                    .limit(MAX_ENTRIES / 2)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(byKey::remove);
        }
    }
}
