package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.MutableClock;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * R5 online interpretation by phone on the real sandbox, with the dialer callbacks use: during a
 * Tuesday-morning rotation session the tax department's call rings a sipp "specialist phone" on
 * 127.0.0.5 first, then the market entity (a sipp on 127.0.0.2:5090); the call's leg ends, the
 * result "reached" serves the entity, counted once towards 50.
 */
// A SIP peer (sipp) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxPbxExtension.class)
class RotationCallIT {
    private CtiHarness cti;

    @AfterEach
    void stop() {
        if (cti != null) {
            cti.close();
        }
    }

    @Test
    void aDepartmentCallsAnEntityDuringTheSessionAndTheReachedCallServesIt() {
        // Tuesday 3 March 2026, 09:00 in Shanghai: a rotation session is in progress (R4).
        MutableClock clock = new MutableClock(Instant.parse("2026-03-03T01:00:00Z"));
        cti = new CtiHarness(Map.of(), clock);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        cti.as("tax");
        String number = CtiHarness.uniqueCaller();
        JsonNode call;
        try (Sipp specialist = Sipp.peer("answer.xml", "127.0.0.5", 5901, 1, Duration.ofMillis(200));
                Sipp entity = Sipp.peer("answer-bye.xml", "127.0.0.2", 5090, 1, Duration.ofMillis(800))) {
            call = cti.post(
                            "/api/rotation/current/calls",
                            "{\"entity\":\"双鸭山市某某农业有限公司\",\"phone\":\"" + number
                                    + "\",\"kind\":\"interpretation\",\"extension\":\"8901\"}")
                    .get("call");
            assertThat(call.get("status").asText()).as(call.toString()).isEqualTo("dialling");
            assertThat(call.get("department").asText()).isEqualTo("tax");
            entity.assertSucceeds(Duration.ofSeconds(20));
            specialist.assertSucceeds(Duration.ofSeconds(10));
        }
        long id = call.get("id").asLong();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "ended"
                        .equals(cti.get("/api/rotation/calls")
                                .get("calls")
                                .get(0)
                                .get("status")
                                .asText()));

        JsonNode done = cti.post(
                        "/api/rotation/calls/" + id + "/result", "{\"result\":\"reached\",\"note\":\"讲解了惠农政策\"}")
                .get("call");
        assertThat(done.get("result").asText()).isEqualTo("reached");
        JsonNode session = cti.get("/api/rotation/current").get("session");
        assertThat(session.get("served").asInt()).isEqualTo(1);
        assertThat(session.at("/services/0/kind").asText()).isEqualTo("interpretation");
        assertThat(session.at("/services/0/department").asText()).isEqualTo("tax");
    }
}
