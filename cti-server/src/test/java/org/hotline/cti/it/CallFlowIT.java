package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hotline.cti.pbx.PbxSandbox;
import org.hotline.cti.pbx.SandboxPaths;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The foundation end to end: real Asterisk (sandbox), real SIP peers (sipp), the real server
 * over AMI, checked through the HTTP API as a supervisor would.
 */
// A SIP peer (sipp) or display (Xvfb) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxPbxExtension.class)
class CallFlowIT {
    private CtiHarness cti;

    @BeforeEach
    void start() {
        cti = new CtiHarness();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
    }

    @AfterEach
    void stop() {
        cti.close();
    }

    private JsonNode onlyCallFrom(String caller) {
        List<JsonNode> calls = cti.callsFrom(caller);
        assertThat(calls).as("calls from %s", caller).hasSize(1);
        return calls.get(0);
    }

    @Test
    void callAnsweredByAScriptedAgentIsRecordedAsAnsweredWithTheAgentWithinASecond() {
        String caller = CtiHarness.uniqueCaller();
        try (Sipp agent = Sipp.agent(8101);
                Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5090, caller, "12345", Duration.ofMillis(1500))) {
            call.assertSucceeds(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(1))
                    .until(() -> cti.callsFrom(caller).stream()
                            .anyMatch(c -> "answered".equals(c.path("outcome").asText())));
        }
        JsonNode c = onlyCallFrom(caller);
        assertThat(c.get("agent").asText()).isEqualTo("8101");
        assertThat(c.get("queue").asText()).isEqualTo("enterprise-desk");
        assertThat(c.get("timeline").findValuesAsText("kind"))
                .containsSubsequence("arrived", "queued", "answered", "ended");
        assertThat(cti.get("/api/calls/live").get("calls").findValuesAsText("caller"))
                .doesNotContain(caller);
    }

    @Test
    void callerWhoHangsUpWhileQueuedIsRecordedAsAbandoned() {
        String caller = CtiHarness.uniqueCaller();
        try (Sipp call =
                Sipp.caller("caller-cancel.xml", "127.0.0.2", 5091, caller, "12345", Duration.ofMillis(1500))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> cti.get("/api/calls/live")
                            .get("calls")
                            .findValuesAsText("caller")
                            .contains(caller));
            call.assertSucceeds(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(1))
                    .until(() -> cti.callsFrom(caller).stream()
                            .anyMatch(c -> "abandoned".equals(c.path("outcome").asText())));
        }
        JsonNode c = onlyCallFrom(caller);
        assertThat(c.get("missedReason").asText()).isEqualTo("caller-hangup");
        assertThat(c.get("agent").isNull()).isTrue();
    }

    @Test
    void droppedAmiConnectionIsFollowedByReconnectAndResyncWithoutDuplicates() {
        String caller = CtiHarness.uniqueCaller();
        long resyncsBefore = cti.server().telephony().resyncs();
        try (Sipp call =
                Sipp.caller("caller-cancel.xml", "127.0.0.2", 5092, caller, "12345", Duration.ofMillis(6000))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> cti.get("/api/calls/live")
                            .get("calls")
                            .findValuesAsText("caller")
                            .contains(caller));
            cti.server().telephony().client().dropConnection();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cti.server().telephony().resyncs() > resyncsBefore);
            assertThat(cti.get("/api/health").get("amiConnected").asBoolean()).isTrue();
            assertThat(cti.get("/api/calls/live").get("calls").findValuesAsText("caller"))
                    .containsOnlyOnce(caller);
            call.assertSucceeds(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> cti.callsFrom(caller).stream()
                            .anyMatch(c -> "abandoned".equals(c.path("outcome").asText())));
        }
        JsonNode c = onlyCallFrom(caller);
        assertThat(c.get("timeline").findValuesAsText("kind")).containsOnlyOnce("arrived", "queued", "ended");
        assertThat(c.get("missedReason").asText()).isEqualTo("caller-hangup");
    }

    @Test
    void asteriskCrashAndRestartEndsTheCallsItTookDownAndCallsWorkAgainAfterIt() throws Exception {
        PbxSandbox sandbox = new PbxSandbox(SandboxPaths.defaults(System.getenv(), Path.of("")), Clock.systemUTC());
        String caller = CtiHarness.uniqueCaller();
        long resyncsBefore = cti.server().telephony().resyncs();
        try (Sipp call = Sipp.caller("caller-cancel.xml", "127.0.0.2", 5093, caller, "12345", Duration.ofSeconds(30))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> cti.get("/api/calls/live")
                            .get("calls")
                            .findValuesAsText("caller")
                            .contains(caller));
            // A crash, not a clean stop: Asterisk gets no chance to report its hang-ups.
            Process kill = new ProcessBuilder("pkill", "-KILL", "-x", "asterisk")
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !cti.get("/api/health").get("amiConnected").asBoolean());
            sandbox.up(System.out);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> cti.server().telephony().resyncs() > resyncsBefore);
        }
        await().atMost(Duration.ofSeconds(2))
                .until(() -> cti.callsFrom(caller).stream()
                        .anyMatch(c -> !c.path("endedAt").isNull()));
        JsonNode lost = onlyCallFrom(caller);
        assertThat(lost.get("outcome").asText()).isEqualTo("abandoned");
        // Issue 11: the PBX's new start time tells a crash from a caller giving up (R11: the callback says so).
        assertThat(lost.get("missedReason").asText()).isEqualTo("pbx-restart");
        assertThat(lost.get("timeline").findValuesAsText("kind")).containsOnlyOnce("arrived", "ended");

        String next = CtiHarness.uniqueCaller();
        try (Sipp agent = Sipp.agent(8101);
                Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5094, next, "12345", Duration.ofMillis(500))) {
            call.assertSucceeds(Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(1))
                .until(() -> cti.callsFrom(next).stream()
                        .anyMatch(c -> "answered".equals(c.path("outcome").asText())));
    }
}
