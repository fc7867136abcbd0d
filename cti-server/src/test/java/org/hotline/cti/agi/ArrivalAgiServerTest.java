package org.hotline.cti.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.cti.app.arrival.ArrivalService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI server on a real socket, with a fake Asterisk as the client: the request, all the
 * commands in one go (then end of stream, which is what makes Asterisk run them), the replies; a
 * caller who hangs up mid-AGI; and hostile input — garbage, an oversize line, endless lines, a
 * peer that stops half way — each ended with one log line naming the peer, never a stack trace.
 */
class ArrivalAgiServerTest {
    private static final String ENTERPRISE = "双鸭山青禾农业科技有限公司";
    private static final String REPEAT = "13800000001";
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final Map<String, String> enterprises = Map.of(REPEAT, ENTERPRISE);
    private final Set<String> pending = Set.of(REPEAT);
    private final Logger sessionLog = (Logger) LoggerFactory.getLogger(AgiSession.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private ArrivalAgiServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() {
        logged.start();
        sessionLog.addAppender(logged);
        sessionLog.setLevel(Level.DEBUG);
        server = new ArrivalAgiServer(
                "127.0.0.1",
                0,
                new ArrivalService(n -> Optional.ofNullable(enterprises.get(n)), pending::contains),
                TIMEOUT,
                transport());
        address = server.start();
    }

    /** Epoll where Netty's native library loads (Linux x86-64, as the server ships); see the NIO subclass. */
    AgiTransport transport() {
        return AgiTransport.pick(true);
    }

    /** The same behaviour on NIO, the server's fallback where epoll does not load. */
    static class OnNio extends ArrivalAgiServerTest {
        @Override
        AgiTransport transport() {
            return AgiTransport.pick(false);
        }
    }

    @AfterEach
    void stop() {
        server.close();
        sessionLog.detachAppender(logged);
        sessionLog.setLevel(null);
    }

    /** Every line Asterisk 22 writes, in its order (res_agi.c: launch_netscript, setup_env). */
    static String request(String script, String callerId) {
        return "agi_network: yes\nagi_network_script: " + script + "\nagi_request: agi://127.0.0.1:4573/" + script
                + "\nagi_channel: PJSIP/enterprise-00000001\nagi_language: en\nagi_type: PJSIP\n"
                + "agi_uniqueid: 1764468000.1\nagi_version: 22.10.1\nagi_callerid: " + callerId
                + "\nagi_calleridname: unknown\nagi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\n"
                + "agi_callingtns: 0\nagi_dnid: 12345\nagi_rdnis: unknown\nagi_context: from-enterprise\n"
                + "agi_extension: 12345\nagi_priority: 3\nagi_enhanced: 0.0\nagi_accountcode: \n"
                + "agi_threadid: 140000000000\n\n";
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything until the server's end of stream (its half-close, or its close). */
    private static String readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        for (int n = in.read(b); n >= 0; n = in.read(b)) {
            out.write(b, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines(Level atLeast) {
        return logged.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private void awaitNoSession() {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions() == 0);
    }

    @Test
    void aRepeatCallerGetsEveryCommandInOneGoThenTheRepliesEndTheSession() throws IOException {
        try (Socket s = connect()) {
            send(s, request("arrival", REPEAT));
            // All three arrive before any reply is sent, and then the server's end of stream.
            assertThat(readToEnd(s))
                    .isEqualTo("SET VARIABLE \"CALLERID(name)\" \"" + ENTERPRISE + "\"\n"
                            + "SET VARIABLE \"QUEUE_PRIO\" \"" + ArrivalService.CALLBACK_PENDING_PRIORITY + "\"\n"
                            + "SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"1\"\n");
            assertThat(server.sessions()).as("waiting for the replies").isEqualTo(1);
            // As Asterisk 22 answers: one reply per command, then HANGUP as the AGI ends.
            send(s, "200 result=1\n200 result=1\n200 result=1\nHANGUP\n");
            awaitNoSession();
        }
        assertThat(lines(Level.INFO)).isEmpty();
    }

    @Test
    void aFirstTimeCallerAndAnUnknownNumberKeepTheirCallerIdAndPriority() throws IOException {
        for (String caller : List.of("13900000000", "unknown")) {
            try (Socket s = connect()) {
                send(s, request("arrival", caller));
                assertThat(readToEnd(s)).isEqualTo("SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"0\"\n");
                send(s, "200 result=1\n");
                awaitNoSession();
            }
        }
        assertThat(lines(Level.INFO)).isEmpty();
    }

    @Test
    void aCallerWhoHangsUpMidAgiIsNoErrorNorWarning() throws IOException {
        try (Socket s = connect()) {
            send(s, request("arrival", REPEAT));
            readToEnd(s);
            String dead = "511 Command Not Permitted on a dead channel or intercept routine\n";
            send(s, "HANGUP\n" + dead + dead + dead);
            awaitNoSession();
        }
        try (Socket s = connect()) { // Asterisk closes without a word: the channel went away
            send(s, request("arrival", REPEAT));
            readToEnd(s);
            send(s, "200 result=1\n");
        }
        awaitNoSession();
        assertThat(lines(Level.INFO)).isEmpty();
        assertThat(lines(Level.DEBUG)).anyMatch(l -> l.contains("hung up")).anyMatch(l -> l.contains("1 of 3 replies"));
    }

    @Test
    void aRefusedCommandIsOneWarningAndTheSessionStillEnds() throws IOException {
        try (Socket s = connect()) {
            send(s, request("arrival", "13900000000"));
            readToEnd(s);
            send(
                    s,
                    "520-Invalid command syntax.  Proper usage follows:\nUsage: SET VARIABLE\n520 End of proper usage.\n");
            awaitNoSession();
        }
        assertThat(lines(Level.WARN))
                .singleElement()
                .asString()
                .contains("refused 'SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"0\"'")
                .contains("520 End of proper usage.");
    }

    @Test
    void garbageIsOneLineNamingThePeerThenTheServerServesTheNextCall() throws IOException {
        int local;
        try (Socket s = connect()) {
            local = s.getLocalPort();
            send(s, "\u0000\u00ff garbage\n\n");
            assertThat(readToEnd(s)).isEmpty();
        }
        awaitNoSession();
        assertThat(lines(Level.WARN))
                .singleElement()
                .asString()
                .contains("127.0.0.1:" + local)
                .contains("not an AGI request line: '?ÿ garbage'");
        assertThat(logged.list).allMatch(e -> e.getThrowableProxy() == null, "no stack trace");
        try (Socket s = connect()) {
            send(s, request("arrival", REPEAT));
            assertThat(readToEnd(s)).startsWith("SET VARIABLE \"CALLERID(name)\"");
        }
    }

    @Test
    void aRequestWithoutAScriptOrForAnotherScriptGetsNoCommand() throws IOException {
        for (String request : List.of("agi_network: yes\nagi_callerid: " + REPEAT + "\n\n", request("other", REPEAT))) {
            try (Socket s = connect()) {
                send(s, request);
                assertThat(readToEnd(s)).isEmpty();
            }
        }
        awaitNoSession();
        assertThat(lines(Level.WARN))
                .satisfiesExactly(
                        l -> assertThat(l).contains("without agi_network_script"),
                        l -> assertThat(l).contains("agi://…/other, this server serves only /arrival"));
    }

    @Test
    void anOversizeLineIsRefusedWithoutReadingItAll() throws IOException {
        try (Socket s = connect()) {
            send(s, "agi_network: yes\nagi_callerid: " + "1".repeat(ArrivalAgiServer.MAX_LINE_BYTES + 1));
            assertThat(readToEnd(s)).isEmpty();
        }
        awaitNoSession();
        assertThat(lines(Level.WARN)).singleElement().asString().contains("a line longer than 2048 bytes");
    }

    @Test
    void endlessRequestLinesAreCutOff() throws IOException {
        try (Socket s = connect()) {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i <= AgiSession.MAX_REQUEST_LINES; i++) {
                many.append("agi_arg_").append(i).append(": x\n");
            }
            send(s, many.toString());
            assertThat(readToEnd(s)).isEmpty();
        }
        awaitNoSession();
        assertThat(lines(Level.WARN))
                .singleElement()
                .asString()
                .contains("more than " + AgiSession.MAX_REQUEST_LINES + " request lines");
    }

    @Test
    void aPeerThatStopsHalfWayIsClosedAtTheDeadline() throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = connect()) {
            send(s, "agi_network: yes\nagi_network_script: arrival\n"); // no blank line: the request never ends
            assertThat(readToEnd(s)).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(TIMEOUT, Duration.ofSeconds(4));
        awaitNoSession();
        assertThat(lines(Level.WARN))
                .singleElement()
                .asString()
                .contains("no complete request within 500 ms (2 lines received)");
    }

    @Test
    void aPeerThatNeverRepliesIsClosedAtTheDeadline() throws IOException {
        try (Socket s = connect()) {
            send(s, request("arrival", REPEAT));
            readToEnd(s);
            send(s, "200 result=1\n");
            awaitNoSession();
        }
        assertThat(lines(Level.WARN)).singleElement().asString().contains("no reply to 2 of 3 commands within 500 ms");
    }

    @Test
    void aPeerThatHangsUpHalfWayIsOneLine() throws IOException {
        try (Socket s = connect()) {
            send(s, "agi_network: yes\n");
        }
        awaitNoSession();
        assertThat(lines(Level.WARN)).singleElement().asString().contains("closed half way through a request (1 lines");
    }
}
