package org.hotline.cti.app.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks passwords and hands out bearer tokens that expire. Failed logins back off per user and
 * per address (429 {@code too-many-attempts}); an unknown user costs the same PBKDF2 as a known
 * one, so timing does not reveal user names; password checks run on their own small pool, so a
 * flood of logins cannot take every request thread (issue 11 item 7).
 */
public final class AuthService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** The dashboard's SSE URL carries a ticket, not the token: single use, this short-lived. */
    public static final Duration TICKET_LIFETIME = Duration.ofSeconds(30);
    /** Password checks at once; more wait in a queue of this many, beyond it 503 {@code login-busy}. */
    static final int HASH_THREADS = 2;

    static final int HASH_QUEUE = 16;
    /** Sessions one user may hold; the oldest goes first (a script logging in in a loop). */
    static final int MAX_SESSIONS_PER_USER = 50;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, User> users;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final LoginThrottle throttle;
    private final String dummyHash;
    private final ThreadPoolExecutor hashing = new ThreadPoolExecutor(
            HASH_THREADS, HASH_THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(HASH_QUEUE), r -> {
                Thread t = new Thread(r, "password-check");
                t.setDaemon(true);
                return t;
            });

    private record Ticket(Session session, Instant expiresAt) {}

    public AuthService(Collection<User> users, Clock clock) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
        this.clock = clock;
        this.throttle = new LoginThrottle(clock);
        // Same work factor as the users' hashes, so an unknown name takes as long as a wrong password.
        int iterations = this.users.values().stream()
                .mapToInt(u -> PasswordHash.iterations(u.passwordHash()))
                .max()
                .orElse(PasswordHash.ITERATIONS);
        this.dummyHash = PasswordHash.hash(new String(new char[] {'d', 'u', 'm', 'm', 'y'}), iterations);
    }

    /** As {@link #login(String, String, String)} from an unknown address (the CLI's own tests). */
    public Session login(String user, String password) {
        return login(user, password, "unknown");
    }

    /**
     * @param address the client's IP address, for the per-address back-off and the log line
     * @throws CtiException {@code too-many-attempts} (details: {@code retryAfterSeconds}),
     *                      {@code bad-credentials}, {@code login-busy}
     */
    public Session login(String user, String password, String address) {
        String userKey = "user:" + user;
        String addressKey = "address:" + address;
        Duration wait = max(throttle.wait(userKey), throttle.wait(addressKey));
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            log.warn(
                    "login refused for user '{}' from {}: too many failed attempts, retry in {} s",
                    printable(user),
                    address,
                    seconds);
            throw new CtiException(ErrorId.TOO_MANY_ATTEMPTS, "too many failed logins; try again in " + seconds + " s")
                    .withDetails(Map.of("retryAfterSeconds", seconds));
        }
        User u = users.get(user);
        // Same error, and the same PBKDF2 work, for an unknown user and a wrong password.
        boolean ok = check(password, u == null ? dummyHash : u.passwordHash()) && u != null;
        if (!ok) {
            int n = Math.max(throttle.failed(userKey), throttle.failed(addressKey));
            log.warn("login failed for user '{}' from {} ({} failure(s) in a row)", printable(user), address, n);
            throw new CtiException(ErrorId.BAD_CREDENTIALS, "wrong user name or password");
        }
        throttle.succeeded(userKey);
        throttle.succeeded(addressKey);
        prune();
        Session s = new Session(
                newToken(), u.name(), u.role(), u.extension(), clock.instant().plus(SESSION_LIFETIME), u.department());
        sessions.put(s.token(), s);
        capSessions(u.name());
        return s;
    }

    private boolean check(String password, String hash) {
        Future<Boolean> f;
        try {
            f = hashing.submit(() -> PasswordHash.verify(password, hash));
        } catch (RejectedExecutionException e) {
            throw new CtiException(ErrorId.LOGIN_BUSY, "too many logins at once; try again in a moment");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtiException(ErrorId.LOGIN_BUSY, "login interrupted");
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The session of a bearer token; {@code unauthorized} when missing, unknown, revoked or expired. */
    public Session authenticate(String token) {
        Session s = token == null ? null : sessions.get(token);
        if (s == null) {
            throw new CtiException(
                    ErrorId.UNAUTHORIZED, "log in first: POST /api/login, then send Authorization: Bearer TOKEN");
        }
        if (clock.instant().isAfter(s.expiresAt())) {
            sessions.remove(token);
            throw new CtiException(ErrorId.UNAUTHORIZED, "session expired; log in again");
        }
        return s;
    }

    /** Whether a token still stands (not expired, not logged out): checked on every WebSocket message. */
    public boolean valid(Session s) {
        Session now = sessions.get(s.token());
        return now != null && !clock.instant().isAfter(now.expiresAt());
    }

    /** Revokes a token ({@code POST /api/logout}, an agent's WebSocket closing). */
    public void logout(String token) {
        if (token != null) {
            sessions.remove(token);
            tickets.values().removeIf(t -> t.session().token().equals(token));
        }
    }

    /** A single-use ticket for one {@code GET /api/events} (EventSource cannot send headers). */
    public String ticket(Session s) {
        pruneTickets();
        String t = newToken();
        tickets.put(t, new Ticket(s, clock.instant().plus(TICKET_LIFETIME)));
        return t;
    }

    /** Redeems a ticket once; {@code unauthorized} when unknown, used or expired. */
    public Session redeem(String ticket) {
        Ticket t = ticket == null ? null : tickets.remove(ticket);
        if (t == null || clock.instant().isAfter(t.expiresAt())) {
            throw new CtiException(
                    ErrorId.UNAUTHORIZED, "the event stream needs a fresh ticket: POST /api/events/ticket");
        }
        return authenticate(t.session().token());
    }

    public void require(Session s, Role role) {
        if (!s.role().atLeast(role)) {
            throw new CtiException(
                    ErrorId.FORBIDDEN,
                    "this needs the " + role.wireName() + " role; you are "
                            + s.role().wireName());
        }
    }

    /** Whether some configured user works at this extension (the desks a supervisor may sit at). */
    public boolean isConfiguredExtension(String extension) {
        return users.values().stream().anyMatch(u -> extension.equals(u.extension()));
    }

    public int userCount() {
        return users.size();
    }

    /** Live sessions (for tests and metrics). */
    public int sessionCount() {
        return sessions.size();
    }

    private void prune() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> now.isAfter(s.expiresAt()));
        pruneTickets();
    }

    private void pruneTickets() {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> now.isAfter(t.expiresAt()));
    }

    private void capSessions(String user) {
        var mine = sessions.values().stream()
                .filter(s -> s.user().equals(user))
                .sorted(java.util.Comparator.comparing(Session::expiresAt))
                .toList();
        for (int i = 0; i < mine.size() - MAX_SESSIONS_PER_USER; i++) {
            sessions.remove(mine.get(i).token());
        }
    }

    private static String newToken() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A user name as typed by anyone: no line breaks in our log, and not a megabyte of it. */
    private static String printable(String s) {
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "…" : t;
    }

    @Override
    public void close() {
        hashing.shutdownNow();
    }
}
