package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.hotline.cti.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 5: the real PostgreSQL of {@code .ci/setup} stops while calls come and go, then
 * starts again. The call model keeps following the PBX, health says {@code databaseOk: false},
 * and once the database is back every call the sipp callers made is stored, with its whole timeline.
 * Connection: {@code CTI_TEST_PG_URL}, {@code CTI_TEST_PG_USER}, {@code CTI_TEST_PG_PASSWORD} as in
 * PostgresStoreIT; the cluster is stopped and started with {@code pg_ctlcluster 15 main}.
 */
@ExtendWith(SandboxPbxExtension.class)
class PostgresOutageIT {
    /** A schema of this test's own on the test PostgreSQL (TestDatabase), dropped after it. */
    private String jdbc;

    private CtiHarness cti;
    private Sipp agent;
    private Sipp agent2;

    @AfterEach
    void stop() throws Exception {
        pg("start"); // whatever happened, leave the database running for everyone else
        if (cti != null) {
            cti.hangUpEverything();
            cti.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (agent2 != null) {
            agent2.close();
        }
        if (jdbc != null) {
            TestDatabase.drop(jdbc);
        }
    }

    private static void pg(String action) throws Exception {
        Process p = new ProcessBuilder("pg_ctlcluster", "15", "main", action)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("pg_ctlcluster 15 main " + action)
                .isTrue();
    }

    private boolean databaseOk() {
        return cti.get("/api/health").path("databaseOk").asBoolean();
    }

    @Test
    void callsDuringADatabaseOutageAreFollowedLiveAndAllStoredWhenItIsBack() throws Exception {
        jdbc = TestDatabase.newSchema();
        cti = new CtiHarness(Map.of(), Clock.systemUTC(), jdbc, "hotline: {calendar: always-open}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        assertThat(databaseOk()).isTrue();
        // Two scripted agents (8101, 8102): the second call is answered while the first still talks.
        agent = Sipp.peer("answer.xml", "127.0.0.4", 5101, 4, Duration.ZERO);
        agent2 = Sipp.peer("answer.xml", "127.0.0.4", 5102, 4, Duration.ZERO);

        // Call A is answered, then the database stops while it is talking.
        String first = CtiHarness.uniqueCaller();
        try (Sipp a = Sipp.caller("caller.xml", "127.0.0.2", 5130, first, "12345", Duration.ofSeconds(4))) {
            cti.awaitTalking(first, Duration.ofSeconds(20)); // the greeting plays first
            pg("stop");
            // Call B comes and goes while the database is away; A ends too. The call model never
            // waits for the database: its writes go to the call writer, which retries them.
            String second = CtiHarness.uniqueCaller();
            try (Sipp b = Sipp.caller("caller.xml", "127.0.0.2", 5131, second, "12345", Duration.ofSeconds(8))) {
                cti.awaitTalking(second, Duration.ofSeconds(20)); // followed live while the database is away
                b.assertSucceeds(Duration.ofSeconds(20));
            }
            a.assertSucceeds(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> cti.get("/api/calls/live").get("calls").isEmpty());
            assertThat(databaseOk()).as("health while PostgreSQL is stopped").isFalse();

            pg("start");
            await().atMost(Duration.ofSeconds(30)).until(this::databaseOk);
            // Health turns ok with the first write that succeeds; the buffered rest follows in order.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String caller : List.of(first, second)) {
                    List<JsonNode> calls = cti.callsFrom(caller);
                    assertThat(calls).as("calls from " + caller).singleElement().satisfies(call -> {
                        assertThat(call.get("outcome").asText()).isEqualTo("answered");
                        assertThat(call.get("timeline").findValuesAsText("kind"))
                                .containsSubsequence("arrived", "queued", "answered", "ended");
                    });
                }
            });
        }
    }
}
