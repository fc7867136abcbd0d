package org.hotline.cti.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A tiny stand-in for Asterisk's manager port on loopback, for the socket comparison only: it
 * greets, answers the actions a client sends while logging in (Challenge, Login, CoreSettings,
 * Command, Ping, Logoff; anything else gets a plain Success), and on {@link #stream} sends the
 * recorded events looped up to a fixed count as fast as TCP takes them (each pass with call ids
 * of its own, see {@link Session#stream}). The writer measures its
 * own CPU time so the harness can take it out of the process's CPU time.
 * One client per {@link #session}; never listens beyond 127.0.0.1.
 */
final class ReplayServer implements AutoCloseable {
    static final String GREETING = "Asterisk Call Manager/11.0.0\r\n";

    private final ServerSocket server;
    private final byte[] events;
    private final int[] eventEnd;
    /** Where each Uniqueid/Linkedid value (and their Dest… forms) starts in {@link #events}. */
    private final int[] idValues;

    private static final byte[] MARKS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);

    ReplayServer(Capture capture) throws IOException {
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        this.server.setSoTimeout(30_000); // a client that never connects fails the run, not hangs it
        this.events = capture.eventBytes();
        this.eventEnd = capture.eventEnd.clone();
        for (int i = 0; i < eventEnd.length; i++) {
            eventEnd[i] -= capture.firstEvent;
        }
        this.idValues = idValues(events);
    }

    /** Offsets of the values of the fields that name a channel's call, e.g. "\r\nLinkedid: 17958…". */
    private static int[] idValues(byte[] b) {
        byte[][] keys = {
            "\nUniqueid: ".getBytes(StandardCharsets.US_ASCII),
            "\nLinkedid: ".getBytes(StandardCharsets.US_ASCII),
            "\nDestUniqueid: ".getBytes(StandardCharsets.US_ASCII),
            "\nDestLinkedid: ".getBytes(StandardCharsets.US_ASCII)
        };
        int[] out = new int[1 << 16];
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\n') {
                continue;
            }
            for (byte[] k : keys) {
                if (i + k.length + 2 <= b.length && Arrays.equals(b, i, i + k.length, k, 0, k.length)) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = i + k.length;
                    break;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Makes pass {@code pass} of the loop carry call ids of its own, as a PBX running for hours
     * would: the first two characters of every Uniqueid/Linkedid become a pass mark (the same for
     * every field of the pass, so a call's events still match). Without it a call model would
     * rightly ignore the second pass as calls it has already seen end.
     */
    private void markPass(long pass) {
        byte hi = MARKS[(int) (pass / MARKS.length % MARKS.length)];
        byte lo = MARKS[(int) (pass % MARKS.length)];
        for (int off : idValues) {
            events[off] = hi;
            events[off + 1] = lo;
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int capturedEvents() {
        return eventEnd.length;
    }

    /** Accepts the next client in the background and serves its actions until it goes. */
    CompletableFuture<Session> session() {
        CompletableFuture<Session> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        Socket s = server.accept();
                        s.setTcpNoDelay(true);
                        Session session = new Session(s);
                        f.complete(session);
                        session.serveActions();
                    } catch (SocketTimeoutException e) {
                        f.completeExceptionally(e);
                    } catch (IOException e) {
                        f.completeExceptionally(e);
                    }
                },
                "replay-actions");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    final class Session implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            write(GREETING.getBytes(StandardCharsets.US_ASCII), 0, GREETING.length());
        }

        private void serveActions() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                Map<String, String> action = new HashMap<>();
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isEmpty()) {
                        int c = line.indexOf(':');
                        if (c > 0) {
                            action.put(
                                    line.substring(0, c).trim().toLowerCase(),
                                    line.substring(c + 1).trim());
                        }
                        continue;
                    }
                    if (!action.isEmpty()) {
                        answer(action);
                        action = new HashMap<>();
                    }
                }
            } catch (IOException ignored) {
                // the client went away: the run is over
            }
        }

        private void answer(Map<String, String> a) throws IOException {
            String action = a.getOrDefault("action", "").toLowerCase();
            String id = a.containsKey("actionid") ? "ActionID: " + a.get("actionid") + "\r\n" : "";
            String reply = switch (action) {
                case "challenge" -> "Response: Success\r\n" + id + "Challenge: 840415273\r\n\r\n";
                case "login" -> "Response: Success\r\n" + id + "Message: Authentication accepted\r\n\r\n";
                case "coresettings" ->
                    "Response: Success\r\n" + id + "AMIversion: 11.0.0\r\nAsteriskVersion: 22.10.1\r\n"
                            + "SystemName: \r\nCoreMaxCalls: 0\r\n\r\n";
                case "command" ->
                    "Response: Success\r\n" + id + "Message: Command output follows\r\n"
                            + "Output: Asterisk 22.10.1 built by root @ bench on a x86_64 running Linux\r\n\r\n";
                case "logoff" -> "Response: Goodbye\r\n" + id + "Message: Thanks for all the fish.\r\n\r\n";
                default -> "Response: Success\r\n" + id + "Ping: Pong\r\n\r\n";
            };
            byte[] b = reply.getBytes(StandardCharsets.UTF_8);
            write(b, 0, b.length);
            if ("logoff".equals(action)) {
                socket.close();
            }
        }

        /** Whole writes under one lock, so a reply never lands inside an event. */
        private synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }

        /**
         * Sends {@code count} events: the capture looped, the last pass cut at an event boundary.
         * Blocks until written (TCP back-pressure paces it to the client). Returns this thread's
         * CPU nanoseconds spent writing.
         */
        long stream(long count) throws IOException {
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long left = count;
            for (long pass = 0; left > 0; pass++) {
                markPass(pass);
                int n = (int) Math.min(left, eventEnd.length);
                int end = eventEnd[n - 1];
                // ~1 MiB writes cut at event ends: large enough to cost the server little, and a
                // Ping reply waits at most one write and never lands inside an event.
                for (int off = 0; off < end; ) {
                    int j = Arrays.binarySearch(eventEnd, 0, n, off + (1 << 20));
                    int to = j >= 0 ? eventEnd[j] : (-j - 1 < n ? eventEnd[-j - 1] : end);
                    write(events, off, to - off);
                    off = to;
                }
                left -= n;
            }
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
