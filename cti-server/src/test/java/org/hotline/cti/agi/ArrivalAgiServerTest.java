package org.hotline.cti.agi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.hotline.cti.app.arrival.ArrivalService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile input on the FastAGI port (issue 13 item 6's server): garbage, half a request. */
class ArrivalAgiServerTest {
    private ArrivalAgiServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        server = new ArrivalAgiServer(
                "127.0.0.1",
                port,
                new ArrivalService(n -> Optional.of("双鸭山青禾农业科技有限公司"), n -> false),
                Duration.ofMillis(800),
                Duration.ofMillis(500));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends {@code request}, then reads until the server closes; fails the test past 5 s. */
    private String exchange(String request) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                return readAll(s.getInputStream());
            } catch (java.net.ConnectException e) {
                if (attempt > 50) {
                    throw e; // the acceptor thread is still starting: retry briefly
                }
                Thread.onSpinWait();
            }
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        for (int n = in.read(b); n >= 0; n = in.read(b)) {
            out.write(b, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void garbageWithoutAScriptNameIsRefusedAndTheServerKeepsServing() throws IOException {
        String answer = exchange("\u0000\u00ff garbage\n\n");
        assertThat(answer)
                .as("refused as an unknown script, not FAILED by a NullPointerException")
                .contains("\"AJ_AGISTATUS\" \"NOT_FOUND\"")
                .doesNotContain("SET VARIABLE \"CALLERID(name)\"");
        // The next, well-formed request still gets the script (the first command it sends).
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream()
                    .write(("agi_network: yes\nagi_network_script: arrival\nagi_request: agi://127.0.0.1/arrival\n"
                                    + "agi_callerid: 13800000001\nagi_channel: PJSIP/x-1\n\n")
                            .getBytes(StandardCharsets.UTF_8));
            byte[] b = new byte[256];
            int n = s.getInputStream().read(b);
            assertThat(new String(b, 0, n, StandardCharsets.UTF_8)).startsWith("SET VARIABLE");
        }
    }

    @Test
    void halfARequestIsClosedAfterTheReadTimeoutInsteadOfHoldingAThreadForEver() throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("agi_network: yes\nagi_request: agi://127.0.0.1/arrival\n".getBytes());
            s.getOutputStream().flush();
            // no blank line: the request never ends; the server gives up and closes
            assertThat(readAll(s.getInputStream())).doesNotContain("CALLERID");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
