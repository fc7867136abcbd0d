package org.hotline.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hotline.cti.ami.AmiDialplanPbx;
import org.hotline.cti.http.Json;
import org.hotline.cti.pbx.SandboxPaths;
import org.hotline.cti.testing.CtiHarness;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dialplan loading against the real sandbox Asterisk: a broken upload is refused, a dialplan the
 * PBX does not serve as written is rolled back, and either way calls keep reaching the queue.
 */
// A SIP peer (sipp) or display (Xvfb) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxPbxExtension.class)
class DialplanLoadIT {
    private static final Path ETC =
            SandboxPaths.defaults(System.getenv(), Path.of("")).chrootDir().resolve("etc/asterisk");
    private CtiHarness cti;

    @BeforeEach
    void start() {
        cti = new CtiHarness().loginAs("admin");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cti.get("/api/health").get("amiConnected").asBoolean());
    }

    @AfterEach
    void stop() {
        cti.close();
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p :
                    s.filter(p -> p.getFileName().toString().endsWith(".conf")).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }

    private static Map<String, String> repoDialplan() throws IOException {
        return read(Path.of("dialplans"));
    }

    private java.net.http.HttpResponse<String> upload(Map<String, String> files) {
        return cti.raw("POST", "/api/admin/dialplan", Json.text(Map.of("files", files)));
    }

    /** A sipp caller from 127.0.0.2 to 12345, answered in the queue by scripted agent 8101. */
    private void callReachesTheQueue(int callerPort) {
        String caller = CtiHarness.uniqueCaller();
        try (Sipp agent = Sipp.agent(8101);
                Sipp call =
                        Sipp.caller("caller.xml", "127.0.0.2", callerPort, caller, "12345", Duration.ofMillis(500))) {
            call.assertSucceeds(Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(2))
                .until(() -> cti.callsFrom(caller).stream()
                        .anyMatch(c -> "answered".equals(c.path("outcome").asText())
                                && "8101".equals(c.path("agent").asText())));
    }

    @Test
    void brokenDialplanIsRefusedWithFileAndLineAndTheRunningOneKeepsRoutingCalls() throws Exception {
        Map<String, String> before = read(ETC);
        Map<String, String> files = repoDialplan();
        files.put(
                "hotline-inbound.conf",
                files.get("hotline-inbound.conf").replace("[from-enterprise]", "[from-enterprise"));

        var r = upload(files);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("error").get("code").asText()).isEqualTo("dialplan-invalid");
        assertThat(body.get("errors").get(0).get("file").asText()).isEqualTo("hotline-inbound.conf");
        int contextLine =
                java.util.Arrays.asList(files.get("hotline-inbound.conf").split("\n", -1))
                                .indexOf("[from-enterprise")
                        + 1;
        assertThat(body.get("errors").get(0).get("line").asInt())
                .isEqualTo(contextLine)
                .isPositive();
        assertThat(body.get("load").get("result").asText()).isEqualTo("rejected");

        assertThat(read(ETC)).isEqualTo(before);
        JsonNode audit = cti.get("/api/admin/dialplan/loads").get("loads").get(0);
        assertThat(audit.get("result").asText()).isEqualTo("rejected");
        assertThat(audit.get("loadedBy").asText()).isEqualTo("admin");
        assertThat(audit.get("checksum").asText()).hasSize(64);
        callReachesTheQueue(5095);
    }

    @Test
    void dialplanThePbxDoesNotServeAsWrittenIsRolledBackAndCallsStillReachTheQueue() throws Exception {
        Map<String, String> before = read(ETC);
        // Passes the file check, but Asterisk cuts section names at 79 characters: it would serve a
        // context nobody asked for and not the one written. Only the PBX-side verification sees it.
        String longName = "hotline-" + "x".repeat(90);
        Map<String, String> files = repoDialplan();
        files.put(
                "hotline-outbound.conf",
                files.get("hotline-outbound.conf") + "\n[" + longName + "]\nexten => s,1,Hangup()\n");

        var r = upload(files);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("error").get("code").asText()).isEqualTo("dialplan-not-served");
        assertThat(body.get("load").get("result").asText()).isEqualTo("restored");
        assertThat(body.get("load").get("message").asText()).contains(longName);

        assertThat(read(ETC)).isEqualTo(before);
        AmiDialplanPbx pbx = new AmiDialplanPbx(cti.server().telephony().client());
        assertThat(pbx.priorities(longName.substring(0, 79))).isEmpty();
        assertThat(pbx.answers("from-enterprise", "12345")).isTrue();
        callReachesTheQueue(5096);
    }

    @Test
    void goodDialplanIsInstalledReloadedVerifiedAndAudited() throws Exception {
        Map<String, String> files = repoDialplan();
        var r = upload(files);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode load = Json.MAPPER.readTree(r.body()).get("load");
        assertThat(load.get("result").asText()).isEqualTo("loaded");
        assertThat(load.get("files")).hasSize(6);
        assertThat(read(ETC)).containsAllEntriesOf(files);
        // Supervisors may not load dialplans.
        var denied = cti.loginAs("supervisor").raw("POST", "/api/admin/dialplan", Json.text(Map.of("files", files)));
        assertThat(denied.statusCode()).isEqualTo(403);
        callReachesTheQueue(5097);
    }
}
