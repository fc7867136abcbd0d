package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.cti.testing.AgentClient;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.RawAmi;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.hotline.cti.testing.TestDatabase;
import org.hotline.cti.testing.TestRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, faults: what a hotline meets every week, on the real sandbox with sipp playing the
 * enterprise (127.0.0.2), the scripted agent 8101 (127.0.0.4) and the specialists (127.0.0.3).
 * Every check counts against what the SIP peers did: a three-way call that is still up on the PBX
 * must still be live in the CTI; a transfer the CTI lost with its process must be accounted for.
 */
@ExtendWith(SandboxPbxExtension.class)
class FaultsIT {
    private static Path rulesDir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private CtiHarness cti;
    /** The databases this test's servers ran on (H2 or PostgreSQL, see TestDatabase), dropped after it. */
    private final java.util.Set<String> databases = new java.util.LinkedHashSet<>();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void rules() throws IOException {
        rulesDir = TestRules.withoutRotation("faults-it", d -> d);
    }

    private CtiHarness start(String databaseUrl) {
        databases.add(databaseUrl);
        cti = new CtiHarness(
                Map.of(),
                Clock.systemUTC(),
                databaseUrl,
                "hotline: {calendar: always-open, departments: '%s', roster: '%s'}"
                                .formatted(rulesDir.resolve("departments.yaml"), rulesDir.resolve("roster.yaml"))
                        + "\ntransfer: {legGrace: 5 seconds, budget: {share: 4%, floorCalls: 100}}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        return cti;
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        if (cti != null) {
            cti.hangUpEverything();
        } else {
            // A test that failed while the CTI was down: leave no call behind for the next test.
            try (RawAmi ami = RawAmi.login("127.0.0.1", 5038, RawAmi.USER, RawAmi.SECRET, false)) {
                ami.send("Hangup", Map.of("Channel", "/.*/"));
                ami.awaitText("Response:", Duration.ofSeconds(5));
            }
        }
        for (AutoCloseable c : open) {
            c.close();
        }
        if (cti != null) {
            cti.close();
        }
        databases.forEach(TestDatabase::drop);
    }

    private String answeredCall(String caller, int callerPort) {
        keep(Sipp.peer("answer.xml", "127.0.0.4", 5101, 3, Duration.ZERO));
        keep(Sipp.caller("caller.xml", "127.0.0.2", callerPort, caller, "12345", Duration.ofSeconds(60)));
        return cti.awaitTalking(caller, Duration.ofSeconds(20)); // the greeting plays first
    }

    private JsonNode transfer(String callId, String matter) {
        return cti.post("/api/transfers", "{\"callId\":\"" + callId + "\",\"matter\":\"" + matter + "\"}");
    }

    private JsonNode awaitFinished(String id) {
        JsonNode[] t = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            t[0] = cti.get("/api/transfers/" + id);
            return t[0].hasNonNull("outcome");
        });
        return t[0];
    }

    private JsonNode liveCall(String caller) {
        for (JsonNode c : cti.get("/api/calls/live").get("calls")) {
            if (caller.equals(c.get("caller").asText())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void aThreeWayCallStaysLiveWhenTheAmiConnectionDrops() {
        start(TestDatabase.fresh());
        keep(Sipp.specialist(5071));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5110);
        JsonNode t =
                awaitFinished(transfer(callId, "vat-credit-refund").get("id").asText());
        assertThat(t.get("outcome").asText()).isEqualTo("connected");

        long resyncs = cti.server().telephony().resyncs();
        cti.server().telephony().client().dropConnection();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.server().telephony().resyncs() > resyncs);

        // Caller, agent and specialist are still talking in the room, so the call is still live.
        JsonNode live = liveCall(caller);
        assertThat(live)
                .as("the three-way call on /api/calls/live after the AMI drop")
                .isNotNull();
        assertThat(live.get("id").asText()).isEqualTo(callId);
        assertThat(live.get("state").asText()).isEqualTo("talking");
        assertThat(cti.callsFrom(caller)).singleElement().satisfies(c -> {
            assertThat(c.path("endedAt").isNull() || c.path("endedAt").isMissingNode())
                    .isTrue();
            assertThat(c.toString()).doesNotContain("disconnected");
        });
        assertThat(cti.get("/api/transfers/" + t.get("id").asText())
                        .get("outcome")
                        .asText())
                .isEqualTo("connected");
        // The agent can still be taken out of the room (the CTI knows the agent's channel again).
        assertThat(live.get("agent").asText()).isEqualTo("8101");
    }

    @Test
    void aTransferRingingWhenTheServerCrashesIsConnectedAtRestartWhenTheSpecialistJoinedMeanwhile() throws Exception {
        String url = TestDatabase.persistent(dataDir);
        start(url);
        // The specialist rings for 4 s: long enough for the CTI to die first.
        keep(Sipp.peer("answer.xml", "127.0.0.3", 5071, 1, Duration.ofSeconds(4)));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5111);
        JsonNode t = transfer(callId, "vat-credit-refund");
        String id = t.get("id").asText();
        String room = t.get("room").asText();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "ringing"
                        .equals(cti.get("/api/transfers/" + id).get("state").asText()));
        crash(url);

        // While the CTI is down the specialist answers and joins the room (Asterisk carries on alone).
        try (RawAmi ami = RawAmi.login("127.0.0.1", 5038, RawAmi.USER, RawAmi.SECRET, false)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> roomSize(ami, room) == 3);
        }

        start(url);
        JsonNode done = awaitFinished(id);
        assertThat(done.get("outcome").asText()).isEqualTo("connected");
        assertThat(done.path("workOrderId").isNull()).isTrue();
        JsonNode live = liveCall(caller);
        assertThat(live).as("the three-way call after the restart").isNotNull();
        assertThat(live.get("id").asText()).isEqualTo(callId);
        JsonNode stats = cti.get("/api/stats/today");
        assertThat(stats.get("transferAttempts").asLong()).isEqualTo(1);
        assertThat(stats.get("transferConnected").asLong()).isEqualTo(1);
        assertThat(stats.get("threeWayCalls").asLong()).isEqualTo(1);
    }

    @Test
    void aTransferRingingWhenTheServerCrashesFailsWithServerRestartAndItsWorkOrderAndIdsGoOn() throws Exception {
        String url = TestDatabase.persistent(dataDir);
        start(url);
        Sipp nobody = keep(Sipp.peer("noanswer.xml", "127.0.0.3", 5071));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5112);
        JsonNode t = transfer(callId, "vat-credit-refund");
        String id = t.get("id").asText();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "ringing"
                        .equals(cti.get("/api/transfers/" + id).get("state").asText()));
        crash(url);

        start(url);
        JsonNode done = awaitFinished(id);
        assertThat(done.get("outcome").asText()).isEqualTo("failed");
        assertThat(done.get("cause").asText()).isEqualTo("server-restart");
        assertThat(done.get("workOrderId").asText()).startsWith("WO");
        JsonNode orders = cti.get("/api/workorders").get("workOrders");
        assertThat(orders.toString()).contains("server-restart").contains(caller);
        // The ringing leg nobody follows any more is cancelled: the phone sees its call end.
        nobody.assertSucceeds(Duration.ofSeconds(10));
        // Caller and agent are still together, and the agent can try again: the next id follows on.
        assertThat(liveCall(caller)).isNotNull();
        keep(Sipp.peer("answer.xml", "127.0.0.3", 5072));
        JsonNode again = transfer(callId, "license-change");
        assertThat(again.get("id").asText()).isEqualTo("T" + (Long.parseLong(id.substring(1)) + 1));
        assertThat(awaitFinished(again.get("id").asText()).get("outcome").asText())
                .isEqualTo("connected");
        JsonNode stats = cti.get("/api/stats/today");
        assertThat(stats.get("transferAttempts").asLong()).isEqualTo(2);
        assertThat(stats.get("transferConnected").asLong()).isEqualTo(1);
    }

    @Test
    void anAsteriskRestartLeavesOneTrueRecordPerCallACallbackPerMissNoOpenTransferAndTheAgentBackInTheQueue()
            throws Exception {
        start(TestDatabase.fresh());
        try (AgentClient desk = new AgentClient(cti.base())) {
            // A desktop agent (8001, no phone registered) logged in and ready.
            JsonNode login = desk.request("{\"type\":\"login\",\"agent\":\"8001\",\"password\":\"" + CtiHarness.PASSWORD
                    + "\",\"extension\":\"8001\"}");
            assertThat(login.get("ready").asBoolean()).isTrue();

            // Call A talking with 8101, a transfer for it ringing a specialist who never answers.
            keep(Sipp.peer("noanswer.xml", "127.0.0.3", 5071));
            String talking = CtiHarness.uniqueCaller();
            String callA = answeredCall(talking, 5113);
            String transferId = transfer(callA, "vat-credit-refund").get("id").asText();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "ringing"
                            .equals(cti.get("/api/transfers/" + transferId)
                                    .get("state")
                                    .asText()));
            // Call B waits in the queue: every other member is paused.
            for (int ext = 8102; ext <= 8105; ext++) {
                cti.server().pbx().agentReady(Integer.toString(ext), false).join();
            }
            cti.server().pbx().agentReady("8001", false).join();
            String waiting = CtiHarness.uniqueCaller();
            keep(Sipp.caller("caller.xml", "127.0.0.2", 5114, waiting, "12345", Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode c = liveCall(waiting);
                return c != null && "queued".equals(c.get("state").asText());
            });
            cti.server().pbx().agentReady("8001", true).join(); // 8001 has no phone: it is never rung

            long resyncs = cti.server().telephony().resyncs();
            asterisk("core restart now");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cti.server().telephony().resyncs() > resyncs);

            // Exactly one record per call the sipp callers placed, with the true outcome.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cti.get("/api/calls/live").get("calls").isEmpty());
            assertThat(cti.callsFrom(talking))
                    .singleElement()
                    .satisfies(c -> assertThat(c.get("outcome").asText()).isEqualTo("answered"));
            assertThat(cti.callsFrom(waiting)).singleElement().satisfies(c -> {
                assertThat(c.get("outcome").asText()).isEqualTo("abandoned");
                assertThat(c.get("missedReason").asText()).isEqualTo("pbx-restart");
            });
            // One callback for the miss, saying why; none for the answered call.
            JsonNode callbacks = cti.get("/api/callbacks").get("callbacks");
            List<JsonNode> forWaiting = new ArrayList<>();
            callbacks.forEach(cb -> {
                if (waiting.equals(cb.get("number").asText())) {
                    forWaiting.add(cb);
                }
            });
            assertThat(forWaiting)
                    .singleElement()
                    .satisfies(cb -> assertThat(cb.get("misses").findValuesAsText("reason"))
                            .containsExactly("pbx-restart"));
            assertThat(callbacks.findValuesAsText("number")).doesNotContain(talking);
            // No transfer left open.
            assertThat(awaitFinished(transferId).get("outcome").asText()).isEqualTo("failed");
            assertThat(cti.get("/api/transfers").get("transfers").findValues("outcome"))
                    .noneMatch(JsonNode::isNull);
            // The logged-in agent is back in the (restarted) queue, ready, and was told so.
            try {
                desk.await(
                        m -> "agent.queue".equals(m.path("type").asText())
                                && m.path("ready").asBoolean()
                                && !m.has("error"),
                        Duration.ofSeconds(15));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no agent.queue push saying ready; the desktop got " + desk.received(), e);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                for (JsonNode a : cti.get("/api/agents").get("agents")) {
                    if ("8001".equals(a.get("extension").asText())) {
                        return !a.get("paused").asBoolean() && a.get("session").asBoolean();
                    }
                }
                return false;
            });
        }
    }

    @Test
    void aCallWaitingWhenAsteriskCrashesIsMissedWithReasonPbxRestart() throws Exception {
        start(TestDatabase.fresh());
        for (int ext = 8101; ext <= 8105; ext++) {
            cti.server().pbx().agentReady(Integer.toString(ext), false).join(); // nobody takes the call
        }
        String waiting = CtiHarness.uniqueCaller();
        keep(Sipp.caller("caller.xml", "127.0.0.2", 5115, waiting, "12345", Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode c = liveCall(waiting);
            return c != null && "queued".equals(c.get("state").asText());
        });

        // Asterisk dies without a word (SIGKILL: no SoftHangupRequest, no Shutdown), then starts again.
        long resyncs = cti.server().telephony().resyncs();
        org.hotline.cti.pbx.SandboxPaths paths =
                org.hotline.cti.pbx.SandboxPaths.defaults(System.getenv(), Path.of(""));
        long pid =
                Long.parseLong(java.nio.file.Files.readString(paths.chrootDir().resolve("run/asterisk/asterisk.pid"))
                        .strip());
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !java.nio.file.Files.exists(Path.of("/proc", Long.toString(pid))));
        new org.hotline.cti.pbx.PbxSandbox(paths, Clock.systemUTC()).up(System.out);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cti.server().telephony().resyncs() > resyncs);

        await().atMost(Duration.ofSeconds(10)).until(() -> liveCall(waiting) == null);
        assertThat(cti.callsFrom(waiting)).singleElement().satisfies(c -> {
            assertThat(c.get("outcome").asText()).isEqualTo("abandoned");
            assertThat(c.get("missedReason").asText()).isEqualTo("pbx-restart");
        });
        JsonNode callbacks = cti.get("/api/callbacks").get("callbacks");
        List<JsonNode> mine = new ArrayList<>();
        callbacks.forEach(cb -> {
            if (waiting.equals(cb.get("number").asText())) {
                mine.add(cb);
            }
        });
        assertThat(mine)
                .singleElement()
                .satisfies(cb ->
                        assertThat(cb.get("misses").findValuesAsText("reason")).containsExactly("pbx-restart"));
    }

    /** Runs an Asterisk CLI command in the sandbox (the CTI's own AMI account may not run commands). */
    private static void asterisk(String command) throws Exception {
        String dir = org.hotline.cti.pbx.SandboxPaths.defaults(System.getenv(), Path.of(""))
                .chrootDir()
                .toString();
        Process p = new ProcessBuilder("chroot", dir, "/usr/sbin/asterisk", "-rx", command)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .as("asterisk -rx '" + command + "' finished")
                .isTrue();
    }

    /**
     * The CTI dies as with SIGKILL: the database loses it without a goodbye (H2 is shut down
     * without closing: what was committed a moment ago is on disk, nothing else, its identity
     * caches are lost as in a real crash; PostgreSQL's sessions are cut, see TestDatabase.crash),
     * then the rest of the server stops without any goodbye to the PBX.
     */
    private void crash(String url) {
        TestDatabase.crash(url);
        cti.close();
        cti = null;
        TestDatabase.revive(url);
    }

    private static final Pattern LIST_END =
            Pattern.compile("ActionID: (\\S+)\r\n(?:EventList: Complete\r\nListItems: (\\d+)|Message: )");

    /** How many channels Asterisk itself has in conference {@code room}. */
    private static int roomSize(RawAmi ami, String room) throws IOException {
        String actionId = "room-" + System.nanoTime();
        ami.send("ConfbridgeList", Map.of("Conference", room, "ActionID", actionId));
        String text = ami.awaitText("ActionID: " + actionId + "\r\n", Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LIST_END.matcher(text);
            while (m.find()) {
                if (m.group(1).equals(actionId)) {
                    return m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                }
            }
            text = ami.received();
        }
        throw new AssertionError("no answer to ConfbridgeList " + actionId);
    }
}
