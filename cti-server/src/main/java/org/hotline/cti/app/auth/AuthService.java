package org.hotline.cti.app.auth;

import org.hotline.cti.CtiException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Checks passwords and hands out bearer tokens that expire. */
public final class AuthService {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, User> users;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public AuthService(Collection<User> users, Clock clock) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
        this.clock = clock;
    }

    public Session login(String user, String password) {
        User u = users.get(user);
        // Same error for unknown user and wrong password: do not tell which user names exist.
        if (u == null || !PasswordHash.verify(password, u.passwordHash())) {
            throw new CtiException("bad-credentials", "wrong user name or password");
        }
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Session s = new Session(token, u.name(), u.role(), u.extension(), clock.instant().plus(SESSION_LIFETIME));
        sessions.put(token, s);
        return s;
    }

    /** The session of a bearer token; {@code unauthorized} when missing, unknown or expired. */
    public Session authenticate(String token) {
        Session s = token == null ? null : sessions.get(token);
        if (s == null) {
            throw new CtiException("unauthorized", "log in first: POST /api/login, then send Authorization: Bearer TOKEN");
        }
        if (clock.instant().isAfter(s.expiresAt())) {
            sessions.remove(token);
            throw new CtiException("unauthorized", "session expired; log in again");
        }
        return s;
    }

    public void require(Session s, Role role) {
        if (!s.role().atLeast(role)) {
            throw new CtiException("forbidden", "this needs the " + role.wireName() + " role; you are " + s.role().wireName());
        }
    }

    /** Whether some configured user works at this extension (the desks a supervisor may sit at). */
    public boolean isConfiguredExtension(String extension) {
        return users.values().stream().anyMatch(u -> extension.equals(u.extension()));
    }

    public int userCount() {
        return users.size();
    }
}
