package org.hotline.cti.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 11 item 7: back-off, no user enumeration by timing, logout, tickets, pruning, work factor. */
class AuthServiceTest {
    private static final String PW = "正确的密码-1";
    /** Made with the earlier work factor: such hashes in existing configs must keep working. */
    private static final String OLD_HASH = PasswordHash.hash(PW, 120_000);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T03:00:00Z"));
    private final AuthService auth = new AuthService(
            List.of(
                    new User("8001", Role.AGENT, "8001", OLD_HASH),
                    new User("supervisor", Role.SUPERVISOR, null, OLD_HASH)),
            clock);

    @AfterEach
    void close() {
        auth.close();
    }

    private String fail(String user, String address) {
        try {
            auth.login(user, "wrong", address);
            throw new AssertionError("login with a wrong password succeeded");
        } catch (CtiException e) {
            return e.id();
        }
    }

    @Test
    void newHashesUseTheCurrentWorkFactorAndOldOnesStillVerify() {
        assertThat(PasswordHash.iterations(PasswordHash.hash("x"))).isGreaterThanOrEqualTo(600_000);
        assertThat(PasswordHash.verify(PW, OLD_HASH)).isTrue();
        assertThat(auth.login("8001", PW, "10.0.0.1").user()).isEqualTo("8001");
        assertThat(PasswordHash.looksValid("pbkdf2-sha256$2000000000$AAAA$AAAA"))
                .isFalse(); // would stall every login
    }

    @Test
    void afterFiveFailuresAUserWaitsLongerEachTimeAndTheRightPasswordWaitsToo() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(fail("8001", "10.0.0." + i)).isEqualTo("bad-credentials");
        }
        assertThat(fail("8001", "10.0.0.9")).isEqualTo("bad-credentials"); // the 6th starts the back-off
        assertThatThrownBy(() -> auth.login("8001", PW, "10.0.0.10")).isInstanceOfSatisfying(CtiException.class, e -> {
            assertThat(e.id()).isEqualTo("too-many-attempts");
            assertThat(e.details()).isEqualTo(Map.of("retryAfterSeconds", 1L));
        });
        clock.advance(Duration.ofSeconds(1));
        assertThat(fail("8001", "10.0.0.11")).isEqualTo("bad-credentials");
        assertThatThrownBy(() -> auth.login("8001", PW, "10.0.0.12")).hasMessageContaining("try again in 2 s");
        clock.advance(Duration.ofSeconds(2));
        assertThat(auth.login("8001", PW, "10.0.0.13").user()).isEqualTo("8001"); // success clears the record
        assertThat(fail("8001", "10.0.0.14")).isEqualTo("bad-credentials");
    }

    @Test
    void oneAddressSprayingManyUserNamesIsSlowedToo() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            fail("nobody-" + i, "192.0.2.7");
        }
        assertThat(fail("supervisor", "192.0.2.7")).isEqualTo("too-many-attempts");
        assertThat(auth.login("supervisor", PW, "192.0.2.8").user())
                .isEqualTo("supervisor"); // others are not locked out
    }

    @Test
    void unknownUsersCostAsMuchAsKnownOnes() {
        fail("8001", "a"); // warm up
        long[] known = new long[5];
        long[] unknown = new long[5];
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            fail("supervisor", "k" + i);
            known[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            fail("no-such-user-" + i, "u" + i);
            unknown[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(known);
        java.util.Arrays.sort(unknown);
        // Before: 1.5 ms against 31 ms (ratio 0.05). Now both run PBKDF2 with the same work factor;
        // medians, and a wide band, because two shared cores make single timings noisy.
        assertThat((double) unknown[2] / known[2]).isBetween(0.33, 3.0);
    }

    @Test
    void failuresAreLoggedWithUserAndAddressButNeverThePassword() {
        Logger logger = (Logger) LoggerFactory.getLogger(AuthService.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            try {
                auth.login("8001\r\nforged line", "hunter2-秘密", "198.51.100.4");
            } catch (CtiException expected) {
                // logged
            }
        } finally {
            logger.detachAppender(seen);
        }
        assertThat(seen.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage())
                    .contains("8001??forged line", "198.51.100.4")
                    .doesNotContain("hunter2");
        });
    }

    @Test
    void logoutRevokesTheTokenAndExpiredSessionsArePruned() {
        Session s = auth.login("supervisor", PW, "a");
        assertThat(auth.valid(s)).isTrue();
        auth.logout(s.token());
        assertThat(auth.valid(s)).isFalse();
        assertThatThrownBy(() -> auth.authenticate(s.token())).hasMessageContaining("log in first");

        auth.login("supervisor", PW, "a");
        clock.advance(AuthService.SESSION_LIFETIME.plusSeconds(1));
        auth.login("8001", PW, "a"); // every login prunes what expired
        assertThat(auth.sessionCount()).isEqualTo(1);
    }

    @Test
    void anEventStreamTicketWorksOnceAndOnlyBriefly() {
        Session s = auth.login("supervisor", PW, "a");
        String t = auth.ticket(s);
        assertThat(auth.redeem(t).user()).isEqualTo("supervisor");
        assertThatThrownBy(() -> auth.redeem(t))
                .isInstanceOf(CtiException.class)
                .hasMessageContaining("fresh ticket");
        String late = auth.ticket(s);
        clock.advance(AuthService.TICKET_LIFETIME.plusSeconds(1));
        assertThatThrownBy(() -> auth.redeem(late)).hasMessageContaining("fresh ticket");
        String revoked = auth.ticket(s);
        auth.logout(s.token());
        assertThatThrownBy(() -> auth.redeem(revoked)).isInstanceOf(CtiException.class);
    }

    @Test
    void aSprayOfRandomNamesDoesNotGrowTheThrottleWithoutBound() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES * 2; i++) {
            t.failed("user:" + i);
        }
        assertThat(t.size()).isLessThanOrEqualTo(LoginThrottle.MAX_ENTRIES);
    }
}
