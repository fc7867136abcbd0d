package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.RawAmi;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.hotline.cti.testing.TestRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three-way transfers end to end (R1, R2, R10, R13): sipp plays the enterprise (127.0.0.2), the
 * scripted agent (127.0.0.4) and the departments' specialists (127.0.0.3) on the real sandbox.
 */
@ExtendWith(SandboxPbxExtension.class)
class TransferIT {
    private static Path rulesDir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private CtiHarness cti;

    /** The sample directory with short ring timeouts for market and hrss, and no rotation duties (R4 tested in unit tests). */
    @BeforeAll
    static void rules() throws IOException {
        rulesDir = TestRules.withoutRotation(
                "transfer-it",
                d -> d.replace("ringTimeout: 15 seconds", "ringTimeout: 4 seconds")
                        .replaceFirst("(?s)(code: market.*?ringTimeout: )20 seconds", "$14 seconds"));
    }

    private CtiHarness start(Clock clock, String hotline) {
        cti = new CtiHarness(
                Map.of(),
                clock,
                hotline.formatted(rulesDir.resolve("departments.yaml"), rulesDir.resolve("roster.yaml"))
                        + "\ntransfer: {legGrace: 5 seconds, budget: {share: 4%, floorCalls: 25}}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        return cti;
    }

    private CtiHarness start() {
        return start(Clock.systemUTC(), "hotline: {calendar: always-open, departments: '%s', roster: '%s'}");
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        if (cti != null) {
            cti.hangUpEverything();
        }
        for (AutoCloseable c : open) {
            c.close();
        }
        if (cti != null) {
            cti.close();
        }
    }

    /** A caller from 127.0.0.2 answered by scripted agent 8101; returns the call id. */
    private String answeredCall(String caller, int callerPort, Duration hold) {
        // Room for more than one INVITE: app_queue may cancel a ring and ring again in its next round.
        keep(Sipp.peer("answer.xml", "127.0.0.4", 5101, 3, Duration.ZERO));
        keep(Sipp.caller("caller.xml", "127.0.0.2", callerPort, caller, "12345", hold));
        return talking(caller);
    }

    /** The caller's call once an agent talks to it; on time-out, what the queue and the SIP peers saw. */
    private String talking(String caller) {
        try {
            return cti.awaitTalking(caller, Duration.ofSeconds(20)); // the greeting plays first
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder sb = new StringBuilder("call from " + caller + " was not answered; queue:\n");
            cti.server()
                    .telephony()
                    .client()
                    .send("QueueStatus", "Queue", "enterprise-desk")
                    .join()
                    .events()
                    .forEach(m -> sb.append(m.asMap()).append('\n'));
            open.stream()
                    .filter(c -> c instanceof Sipp)
                    .forEach(c -> sb.append(((Sipp) c).output()).append('\n'));
            throw new AssertionError(sb.toString(), e);
        }
    }

    private JsonNode transfer(String callId, String matter) {
        return cti.post("/api/transfers", "{\"callId\":\"" + callId + "\",\"matter\":\"" + matter + "\"}");
    }

    private JsonNode awaitFinished(String id) {
        JsonNode[] t = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            t[0] = cti.get("/api/transfers/" + id);
            return !t[0].path("outcome").isNull() && t[0].has("outcome");
        });
        return t[0];
    }

    /** Fails with what every SIP peer saw, so a failure here can be read without re-running. */
    private JsonNode awaitConnected(String id) {
        JsonNode t = awaitFinished(id);
        if (!"connected".equals(t.get("outcome").asText())) {
            StringBuilder sb = new StringBuilder("transfer " + t + " did not connect; the SIP peers said:\n");
            open.stream()
                    .filter(c -> c instanceof Sipp)
                    .forEach(c -> sb.append(((Sipp) c).output()).append('\n'));
            throw new AssertionError(sb.toString());
        }
        return t;
    }

    private List<String> conferenceMembers(String room) {
        var r = cti.server()
                .telephony()
                .client()
                .send("ConfbridgeList", "Conference", room)
                .join();
        return r.events().stream()
                .filter(e -> "ConfbridgeList".equals(e.event()))
                .map(e -> e.get("Channel"))
                .toList();
    }

    @Test
    void listedMatterBringsTheSpecialistIntoAThreeWayConference() {
        start();
        keep(Sipp.specialist(5071));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5095, Duration.ofSeconds(30));

        JsonNode t = transfer(callId, "vat-credit-refund");
        assertThat(t.get("state").asText()).isIn("requested", "ringing");
        assertThat(t.get("departmentName").asText()).isEqualTo("税务局");
        JsonNode done = awaitConnected(t.get("id").asText());
        assertThat(done.get("setupSeconds").asDouble()).isPositive().isLessThan(10);
        assertThat(done.get("target").asText()).isEqualTo("sip:2001@127.0.0.3:5071");

        // All three parties in one ConfBridge, as Asterisk itself reports it.
        List<String> members = conferenceMembers(done.get("room").asText());
        assertThat(members).hasSize(3);
        assertThat(members)
                .anyMatch(c -> c.startsWith("PJSIP/enterprise-"))
                .anyMatch(c -> c.startsWith("PJSIP/8101-"))
                .anyMatch(c -> c.startsWith("PJSIP/specialists-"));

        JsonNode stats = cti.get("/api/stats/today");
        assertThat(stats.get("transferAttempts").asLong()).isEqualTo(1);
        assertThat(stats.get("transferConnected").asLong()).isEqualTo(1);
        assertThat(stats.get("transferConnectionRate").asDouble()).isEqualTo(1.0);
        assertThat(stats.get("threeWayCalls").asLong()).isEqualTo(1);
        assertThat(cti.server().registry().scrape())
                .contains("cti_transfer_attempts_total{cause=\"none\",department=\"tax\",outcome=\"connected\"} 1.0");
    }

    @Test
    void whenTheCallerHangsUpTheAgentAndTheSpecialistLeaveTheRoomToo() {
        start();
        Sipp specialist = keep(Sipp.peer("answer.xml", "127.0.0.3", 5071));
        String caller = CtiHarness.uniqueCaller();
        keep(Sipp.peer("answer.xml", "127.0.0.4", 5101, 3, Duration.ZERO));
        Sipp call = keep(Sipp.caller("caller.xml", "127.0.0.2", 5084, caller, "12345", Duration.ofSeconds(6)));
        String callId = talking(caller);
        JsonNode done =
                awaitConnected(transfer(callId, "vat-credit-refund").get("id").asText());
        String room = done.get("room").asText();
        assertThat(conferenceMembers(room)).hasSize(3);

        // The enterprise hangs up (caller.xml sends BYE after its 6 s): the room is the caller's,
        // so Asterisk ends it for the agent and the specialist too (end_marked): the specialist's
        // phone gets a BYE and nobody is left on the PBX.
        call.assertSucceeds(Duration.ofSeconds(20));
        specialist.assertSucceeds(Duration.ofSeconds(10));
        var ami = cti.server().telephony().client();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ami.send("CoreShowChannels").join().events().stream()
                        .noneMatch(e -> "CoreShowChannel".equals(e.event())));
        assertThat(conferenceMembers(room)).isEmpty();
        assertThat(cti.callsFrom(caller))
                .singleElement()
                .satisfies(c -> assertThat(c.get("outcome").asText()).isEqualTo("answered"));
    }

    @Test
    void busySpecialistFailsWithBusyAndBecomesAWorkOrderWhileCallerAndAgentStayConnected() {
        start();
        keep(Sipp.peer("busy.xml", "127.0.0.3", 5072));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5096, Duration.ofSeconds(30));
        JsonNode done =
                awaitFinished(transfer(callId, "license-change").get("id").asText());
        assertThat(done.get("outcome").asText()).isEqualTo("failed");
        assertThat(done.get("cause").asText()).isEqualTo("busy");
        assertThat(done.get("workOrderId").asText()).startsWith("WO");
        assertWorkOrderFor("market", caller, "busy");
        // R13: the caller is not dropped: caller and agent are still together in the room (the
        // attempt can fail on a fast 486 while one of them is still on its way in).
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(conferenceMembers(done.get("room").asText())).hasSize(2));
        assertThat(cti.get("/api/calls/live").get("calls").findValuesAsText("caller"))
                .contains(caller);
        JsonNode market = departmentStats("market");
        assertThat(market.get("belowTarget").asBoolean()).isTrue();
        assertThat(market.get("lastFailureCause").asText()).isEqualTo("busy");
    }

    @Test
    void specialistWhoNeverAnswersFailsWithNoAnswer() {
        start();
        keep(Sipp.peer("noanswer.xml", "127.0.0.3", 5079));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5097, Duration.ofSeconds(30));
        JsonNode done = awaitFinished(
                transfer(callId, "social-insurance-relief").get("id").asText());
        assertThat(done.get("outcome").asText()).isEqualTo("failed");
        assertThat(done.get("cause").asText()).isEqualTo("no-answer");
        assertWorkOrderFor("hrss", caller, "no-answer");
        assertThat(cti.get("/api/stats/today").get("transferConnectionRate").asDouble())
                .isEqualTo(0.0);
    }

    @Test
    void callerWhoHangsUpWhileTheSpecialistRingsEndsTheAttemptAsCallerGone() {
        start();
        keep(Sipp.peer("noanswer.xml", "127.0.0.3", 5071));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5098, Duration.ofSeconds(4));
        JsonNode t = transfer(callId, "vat-credit-refund");
        JsonNode done = awaitFinished(t.get("id").asText());
        assertThat(done.get("cause").asText()).isEqualTo("caller-gone");
        assertWorkOrderFor("tax", caller, "caller-gone");
    }

    @Test
    void offHoursRequestBecomesASecondaryUrgentWorkOrderDueAtNineOnTheNextWorkingDayAcrossTheHoliday()
            throws Exception {
        // An earlier configuration left the desk closed in the PBX (AstDB): the default desk is
        // staffed around the clock, so the CTI reopens it and the night caller reaches an agent (R2).
        try (RawAmi ami = RawAmi.login("127.0.0.1", 5038, RawAmi.USER, RawAmi.SECRET, false)) {
            ami.send("DBPut", Map.of("Family", "hotline", "Key", "mode", "Val", "closed"));
            ami.awaitText("Response: Success", Duration.ofSeconds(5));
        }
        // 2026-12-31 20:00 in Shanghai: 元旦 2027-01-01..03 follows, so the next working day is Monday 01-04 (R2).
        start(
                Clock.fixed(Instant.parse("2026-12-31T12:00:00Z"), ZoneOffset.UTC),
                "hotline: {calendar: real, departments: '%s', roster: '%s'}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "open"
                        .equals(cti
                                .server()
                                .telephony()
                                .client()
                                .send("DBGet", "Family", "hotline", "Key", "mode")
                                .join()
                                .events()
                                .stream()
                                .filter(e -> "DBGetResponse".equals(e.event()))
                                .map(e -> e.get("Val"))
                                .findFirst()
                                .orElse("")));
        String caller = CtiHarness.uniqueCaller();
        String callId = answeredCall(caller, 5099, Duration.ofSeconds(30));
        JsonNode r = transfer(callId, "vat-credit-refund");
        assertThat(r.at("/error/code").asText()).isEqualTo("outside-working-hours");
        JsonNode order = r.at("/error/details/workOrder");
        // R2: a 次紧急 order, dispatched to the department at once, to contact the caller by 09:00.
        assertThat(order.get("kind").asText()).isEqualTo("off-hours-urgent");
        assertThat(order.get("status").asText()).isEqualTo("dispatched");
        assertThat(order.get("department").asText()).isEqualTo("tax");
        assertThat(order.get("caller").asText()).isEqualTo(caller);
        assertThat(Instant.parse(order.get("signBy").asText())).isEqualTo(Instant.parse("2027-01-04T01:00:00Z"));
        // What the agent reads and tells the caller: the date, not "tomorrow" (the 1st is a holiday).
        assertThat(r.at("/error/details/dueText").asText()).isEqualTo("2027年1月4日（周一）09:00");
        assertThat(order.get("description").asText()).contains("2027年1月4日（周一）09:00 前直接联系企业");
        assertThat(cti.get("/api/transfers").get("transfers")).isEmpty();
    }

    @Test
    void exhaustedBudgetRefusesAndASupervisorOverrideIsAllowedAndCounted() {
        start(); // floorCalls 25 → 4% → one three-way call today (R10)
        keep(Sipp.specialist(5071));
        keep(Sipp.specialist(5072));
        String first = answeredCall(CtiHarness.uniqueCaller(), 5100, Duration.ofSeconds(30));
        awaitConnected(transfer(first, "vat-credit-refund").get("id").asText());
        cti.hangUpEverything(); // the first three-way call is over; it still counts for today (R10)

        keep(Sipp.peer("answer.xml", "127.0.0.4", 5102, 3, Duration.ZERO)); // agent 8102 takes the second call
        String caller = CtiHarness.uniqueCaller();
        keep(Sipp.caller("caller.xml", "127.0.0.2", 5089, caller, "12345", Duration.ofSeconds(30)));
        String second = talking(caller);
        JsonNode refused = transfer(second, "license-change");
        assertThat(refused.at("/error/code").asText()).isEqualTo("threeway-budget-exhausted");

        JsonNode allowed = cti.post(
                "/api/transfers",
                "{\"callId\":\"" + second + "\",\"matter\":\"license-change\","
                        + "\"override\":{\"reason\":\"企业停产风险，需政策专员当场答复\"}}");
        assertThat(allowed.at("/override/supervisor").asText()).isEqualTo("supervisor");
        JsonNode done = awaitConnected(allowed.get("id").asText());
        assertThat(done.at("/override/reason").asText()).isEqualTo("企业停产风险，需政策专员当场答复");
        JsonNode stats = cti.get("/api/stats/today");
        assertThat(stats.get("threeWayCalls").asLong()).isEqualTo(2);
        assertThat(stats.get("threeWayBudget").asLong()).isEqualTo(1);
        // The day's report shows the real share, budget or not (R10).
        JsonNode report = cti.get("/api/reports/daily").get("figures");
        assertThat(report.get("threeWayCalls").asLong()).isEqualTo(2);
        assertThat(report.get("threeWayShare").asDouble())
                .isEqualTo(2.0 / report.get("calls").asLong());
    }

    @Test
    void wrongRequestsGetClearErrors() {
        start();
        assertThat(transfer("no-such", "vat-credit-refund").at("/error/code").asText())
                .isEqualTo("no-such-call");
        String callId = answeredCall(CtiHarness.uniqueCaller(), 5088, Duration.ofSeconds(30));
        assertThat(transfer(callId, "no-such-matter").at("/error/code").asText())
                .isEqualTo("unknown-matter");
        JsonNode kb = transfer(callId, "annual-report");
        assertThat(kb.at("/error/code").asText()).isEqualTo("not-three-way");
        assertThat(kb.at("/error/details/answer").asText()).isNotBlank();
        assertThat(cti.as("8001")
                        .post("/api/transfers", "{\"callId\":\"" + callId + "\",\"matter\":\"vat-credit-refund\"}")
                        .at("/error/code")
                        .asText())
                .isEqualTo("not-your-call");
        // R10: the budget override is the duty supervisor's alone, even for the agent on the call.
        assertThat(cti.as("8101")
                        .post(
                                "/api/transfers",
                                "{\"callId\":\"" + callId + "\",\"matter\":\"vat-credit-refund\","
                                        + "\"override\":{\"reason\":\"急\"}}")
                        .at("/error/code")
                        .asText())
                .isEqualTo("override-needs-supervisor");
        assertThat(cti.post("/api/transfers", "{\"callId\": ").at("/error/code").asText())
                .isEqualTo("malformed-json");
    }

    private void assertWorkOrderFor(String department, String caller, String cause) {
        JsonNode orders = cti.get("/api/workorders").get("workOrders");
        assertThat(orders).anySatisfy(o -> {
            assertThat(o.get("department").asText()).isEqualTo(department);
            assertThat(o.get("caller").asText()).isEqualTo(caller);
            assertThat(o.get("cause").asText()).isEqualTo(cause);
            assertThat(o.get("origin").asText()).isEqualTo("transfer-failed");
            assertThat(o.get("kind").asText()).isEqualTo("help");
            // R13: dispatched within 5 minutes of the failure (at once: the system made it).
            assertThat(o.get("status").asText()).isEqualTo("dispatched");
            assertThat(Duration.between(
                            Instant.parse(o.get("createdAt").asText()),
                            Instant.parse(o.get("dispatchedAt").asText())))
                    .isLessThanOrEqualTo(Duration.ofMinutes(5));
        });
    }

    private JsonNode departmentStats(String code) {
        for (JsonNode d : cti.get("/api/stats/today").get("departments")) {
            if (code.equals(d.get("code").asText())) {
                return d;
            }
        }
        throw new AssertionError("no department " + code);
    }
}
