package org.hotline.cti.ami;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written fake of Asterisk's manager port for unit tests: speaks the wire protocol,
 * checks the secret, answers Ping/CoreSettings/list actions, and can drop its clients (fault
 * injection). Integration tests use the real Asterisk instead.
 */
final class FakeAmiServer implements AutoCloseable {
    private final ServerSocket server;
    private final String secret;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
    final AtomicInteger logins = new AtomicInteger();
    volatile boolean mute;
    /** What CoreStatus says about when Asterisk started (a new value plays a PBX restart). */
    volatile String startupTime = "10:00:00";
    /** Whether CoreShowChannels lists the one enterprise call 9.1. */
    volatile boolean callUp = true;
    /** How many AMI Filter actions are taken (across connections) before the rest are refused; -1: all. */
    volatile int filtersTaken = -1;

    private final AtomicInteger filters = new AtomicInteger();

    FakeAmiServer(String secret) throws IOException {
        this.secret = secret;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fake-ami");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The server's AMI adapter as the CTI wires it (the hotline's inbound context and desk
     * queue), logged in as cti/right with short test timings; not started.
     */
    AmiTelephony telephony(org.hotline.cti.app.CallTracker tracker) {
        return telephony(tracker, null);
    }

    /** {@link #telephony(org.hotline.cti.app.CallTracker)} read on {@code loop} (the server's: shared with the model). */
    AmiTelephony telephony(org.hotline.cti.app.CallTracker tracker, AmiEventLoop loop) {
        return new AmiTelephony(
                org.hotline.cti.app.CallTracker.FIRST_NODE,
                new AmiSettings(
                        "127.0.0.1",
                        port(),
                        "cti",
                        "right",
                        AmiSettings.DEFAULT_EVENTS,
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofMillis(50),
                        java.time.Duration.ofMillis(400),
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(2)),
                new AmiCallTranslator(java.util.Set.of("from-enterprise"), java.time.Clock.systemUTC()),
                tracker,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                java.util.Set.of("from-enterprise"),
                "enterprise-desk",
                loop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "fake-ami-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            write(out, "Asterisk Call Manager/11.0.0\r\n");
            Map<String, String> action = new LinkedHashMap<>();
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    int c = line.indexOf(": ");
                    action.put(line.substring(0, c), line.substring(c + 2));
                    continue;
                }
                actions.add(action);
                if (!mute) {
                    answer(out, action);
                }
                action = new LinkedHashMap<>();
            }
        } catch (IOException ignored) {
            // client gone
        }
    }

    private void answer(OutputStream out, Map<String, String> a) throws IOException {
        String id = a.get("ActionID");
        switch (a.get("Action")) {
            case "Login" -> {
                if (secret.equals(a.get("Secret"))) {
                    logins.incrementAndGet();
                    write(out, "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n");
                } else {
                    write(out, "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n\r\n");
                }
            }
            case "Filter" -> {
                int n = filters.incrementAndGet();
                write(
                        out,
                        filtersTaken < 0 || n <= filtersTaken
                                ? "Response: Success\r\nActionID: " + id + "\r\nMessage: Success\r\n\r\n"
                                : "Response: Error\r\nActionID: " + id + "\r\nMessage: Permission denied\r\n\r\n");
            }
            case "CoreSettings" ->
                write(out, "Response: Success\r\nActionID: " + id + "\r\nAsteriskVersion: 22.10.1\r\n\r\n");
            case "CoreStatus" ->
                write(
                        out,
                        "Response: Success\r\nActionID: " + id + "\r\nCoreStartupDate: 2026-11-29\r\n"
                                + "CoreStartupTime: " + startupTime + "\r\nCoreCurrentCalls: 1\r\n\r\n");
            case "CoreShowChannels" ->
                write(
                        out,
                        !callUp
                                ? "Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n"
                                        + "Event: CoreShowChannelsComplete\r\nActionID: " + id
                                        + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n"
                                : "Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n"
                                        + "Event: CoreShowChannel\r\nActionID: " + id
                                        + "\r\nChannel: PJSIP/enterprise-1\r\nUniqueid: 9.1\r\nLinkedid: 9.1\r\n"
                                        + "Context: from-enterprise\r\nExten: 12345\r\nCallerIDNum: 13800000001\r\nApplication: Queue\r\nBridgeId: \r\nDuration: 00:00:07\r\n\r\n"
                                        + "Event: CoreShowChannelsComplete\r\nActionID: " + id
                                        + "\r\nEventList: Complete\r\nListItems: 1\r\n\r\n");
            case "QueueStatus" ->
                write(
                        out,
                        "Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n"
                                + "Event: QueueStatusComplete\r\nActionID: " + id
                                + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n");
            default -> write(out, "Response: Success\r\nActionID: " + id + "\r\nPing: Pong\r\n\r\n");
        }
    }

    void emit(String event) throws IOException {
        for (Socket s : clients) {
            if (!s.isClosed()) {
                write(s.getOutputStream(), event);
            }
        }
    }

    void dropClients() throws IOException {
        for (Socket s : clients) {
            s.close();
        }
        clients.clear();
    }

    private static synchronized void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropClients();
    }
}
