package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.RawAmi;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caller recognition at arrival on the real sandbox: the inbound dialplan asks the CTI's FastAGI
 * server (our own, on Netty) about each caller before queueing. A repeat caller whose missed call still
 * waits for its callback (R11) is queued ahead of a first-time caller who was there first, and the
 * agent's phone shows the enterprise name recorded at wrap-up. With the CTI down, calls queue as
 * before.
 */
// A SIP peer (sipp) or display (Xvfb) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxPbxExtension.class)
class ArrivalAgiIT {
    private static final String QUEUE = "enterprise-desk";
    private static final String ENTERPRISE = "双鸭山青禾农业科技有限公司";
    private static final AtomicInteger ACTIONS = new AtomicInteger();

    private CtiHarness cti;

    @AfterEach
    void stop() {
        if (cti != null) {
            cti.close();
        }
    }

    /** One caller waiting in the queue, as Asterisk reports it (QueueStatus → QueueEntry). */
    record Entry(String number, String name, int position) {}

    private static Map<String, Entry> queue(RawAmi ami) throws IOException {
        String id = "arrival-it-" + ACTIONS.incrementAndGet();
        ami.send("QueueStatus", Map.of("Queue", QUEUE, "ActionID", id));
        String all = ami.awaitText("Event: QueueStatusComplete\r\nActionID: " + id, Duration.ofSeconds(5));
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String block : all.split("\r\n\r\n")) {
            if (block.contains("Event: QueueEntry") && id.equals(field(block, "ActionID"))) {
                Entry e = new Entry(
                        field(block, "CallerIDNum"),
                        field(block, "CallerIDName"),
                        Integer.parseInt(field(block, "Position")));
                entries.put(e.number(), e);
            }
        }
        return entries;
    }

    private static String field(String block, String key) {
        for (String line : block.split("\r\n")) {
            if (line.startsWith(key + ": ")) {
                return line.substring(key.length() + 2);
            }
        }
        return "";
    }

    private Optional<JsonNode> pendingCallback(String number) {
        for (JsonNode cb : cti.get("/api/callbacks?status=pending").get("callbacks")) {
            if (number.equals(cb.get("number").asText())) {
                return Optional.of(cb);
            }
        }
        return Optional.empty();
    }

    @Test
    void aRepeatCallerWithAPendingCallbackIsAnsweredFirstAndTheAgentsPhoneShowsTheEnterprise(@TempDir Path dir)
            throws IOException {
        cti = new CtiHarness("agi: {enabled: true}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
        String repeat = CtiHarness.uniqueCaller();

        // An earlier call: agent 8101 answers and records the enterprise at wrap-up.
        try (Sipp phone = Sipp.agent(8101);
                Sipp call = Sipp.caller("caller.xml", "127.0.0.2", 5091, repeat, "12345", Duration.ofMillis(500))) {
            String callId = cti.awaitTalking(repeat, Duration.ofSeconds(15));
            call.assertSucceeds(Duration.ofSeconds(15));
            JsonNode w = cti.as("8101")
                    .post(
                            "/api/wrapups",
                            "{\"callId\":\"" + callId + "\",\"resolution\":\"direct\",\"enterprise\":\"" + ENTERPRISE
                                    + "\"}");
            assertThat(w.toString()).contains(ENTERPRISE);
            cti.as("supervisor");
        }
        // Then a call nobody answers: the number now waits for its callback (R11).
        try (Sipp missed =
                Sipp.caller("caller-cancel.xml", "127.0.0.2", 5092, repeat, "12345", Duration.ofMillis(1200))) {
            missed.assertSucceeds(Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> pendingCallback(repeat).isPresent());

        String firstTimer = CtiHarness.uniqueCaller();
        try (RawAmi ami = RawAmi.login("127.0.0.1", 5038, RawAmi.USER, RawAmi.SECRET, false);
                // Long enough in the queue for the repeat caller to hear the greeting and join behind it.
                Sipp waiting = Sipp.caller(
                        "caller-cancel.xml", "127.0.0.2", 5093, firstTimer, "12345", Duration.ofSeconds(10))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue(ami).containsKey(firstTimer));
            Path messages = dir.resolve("agent-phone.log");
            try (Sipp again = Sipp.caller("caller.xml", "127.0.0.2", 5094, repeat, "12345", Duration.ofMillis(800))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> queue(ami).containsKey(repeat));
                Map<String, Entry> q = queue(ami);
                // Arrived second, queued first: app_queue orders by QUEUE_PRIO, which the AGI set.
                assertThat(q.get(repeat).position()).as(q.toString()).isEqualTo(1);
                assertThat(q.get(firstTimer).position()).as(q.toString()).isEqualTo(2);
                assertThat(q.get(repeat).name()).isEqualTo(ENTERPRISE);
                assertThat(q.get(firstTimer).name()).isNotEqualTo(ENTERPRISE);

                // The first-time caller gives up; then an agent's phone comes up and takes the repeat caller.
                waiting.assertSucceeds(Duration.ofSeconds(15));
                // Room for a stale INVITE of the calls above, which rang 8101 while no phone listened (Sipp.agent).
                try (Sipp phone = Sipp.peerTracing("answer.xml", "127.0.0.4", 5101, 3, Duration.ZERO, messages)) {
                    cti.awaitTalking(repeat, Duration.ofSeconds(20));
                    again.assertSucceeds(Duration.ofSeconds(20));
                }
            }
            String invite = Files.readString(messages, StandardCharsets.UTF_8);
            assertThat(invite)
                    .as("what the agent's phone was sent")
                    .containsPattern("From: *\"" + ENTERPRISE + "\" *<sip:" + repeat);
        }
    }

    @Test
    void withTheCtiDownACallQueuesAsBefore() throws IOException {
        String caller = CtiHarness.uniqueCaller();
        try (RawAmi ami = RawAmi.login("127.0.0.1", 5038, RawAmi.USER, RawAmi.SECRET, false);
                Sipp call =
                        Sipp.caller("caller-cancel.xml", "127.0.0.2", 5095, caller, "12345", Duration.ofSeconds(3))) {
            // Nothing listens on 4573: the AGI connection is refused at once and the call goes on.
            await().atMost(Duration.ofSeconds(10)).until(() -> queue(ami).containsKey(caller)); // after the greeting
            assertThat(queue(ami).get(caller).name()).isNotEqualTo(ENTERPRISE);
            call.assertSucceeds(Duration.ofSeconds(15));
        }
    }
}
