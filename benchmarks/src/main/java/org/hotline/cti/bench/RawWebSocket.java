package org.hotline.cti.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent protocol's WebSocket ({@code /ws/agent}) on a plain socket, for the end-to-end run's
 * transfer requests over the softphone's own path (issue 14 item 4): a request frame is written on
 * the caller's own thread, as {@link RawHttp} writes a POST and the tool's AMI client a Redirect,
 * so no client-side hand-off is counted as the server's. Replies (matched by the request's
 * {@code id}) are read on a reader thread; the server's pushes on the same connection are skipped.
 */
final class RawWebSocket implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("\"id\":\"(e2e-[0-9]+)\"");

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final Thread reader;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.reader = new Thread(this::readLoop, "e2e-ws-reader");
        this.reader.setDaemon(true);
    }

    /** Connects to {@code /ws/agent} and completes the opening handshake (101). */
    static RawWebSocket open(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 2_000);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET /ws/agent HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        RawWebSocket ws = new RawWebSocket(s);
        String status = ws.line();
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("WebSocket handshake refused: " + status);
        }
        while (!ws.line().isEmpty()) {
            // the handshake's headers: nothing to check for a bench client
        }
        ws.reader.start();
        return ws;
    }

    /**
     * Sends {@code json} (an object without its closing brace's last field: the id is added) and
     * completes with the reply's text. The frame is written before this returns.
     */
    CompletableFuture<String> request(String jsonWithoutId) {
        String id = "e2e-" + ids.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String json = jsonWithoutId.substring(0, jsonWithoutId.lastIndexOf('}')) + ",\"id\":\"" + id + "\"}";
        try {
            send(json);
        } catch (IOException e) {
            pending.remove(id);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    String requestAndWait(String json) throws Exception {
        return request(json).get(30, TimeUnit.SECONDS);
    }

    /** A masked text frame (RFC 6455 5.3: a client masks every frame). */
    private synchronized void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int len = payload.length;
        byte[] head = len < 126 ? new byte[6] : new byte[8];
        head[0] = (byte) 0x81; // FIN, text
        int at;
        if (len < 126) {
            head[1] = (byte) (0x80 | len);
            at = 2;
        } else if (len <= 0xFFFF) {
            head[1] = (byte) (0x80 | 126);
            head[2] = (byte) (len >>> 8);
            head[3] = (byte) len;
            at = 4;
        } else {
            throw new IOException("frame too large for this client: " + len);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        System.arraycopy(mask, 0, head, at, 4);
        byte[] frame = new byte[head.length + len];
        System.arraycopy(head, 0, frame, 0, head.length);
        for (int i = 0; i < len; i++) {
            frame[head.length + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
        out.flush();
    }

    private void readLoop() {
        try {
            StringBuilder message = new StringBuilder();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                if (opcode == 8) {
                    break; // the server closed
                }
                if (opcode == 9) {
                    continue; // a ping: the server closes idle agents by its own timeouts, not by pongs here
                }
                if (opcode == 1 || opcode == 0) {
                    message.append(new String(payload, StandardCharsets.UTF_8));
                    if ((b0 & 0x80) != 0) {
                        deliver(message.toString());
                        message.setLength(0);
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("WebSocket closed")));
        pending.clear();
    }

    private void deliver(String text) {
        Matcher m = ID.matcher(text);
        if (m.find()) {
            CompletableFuture<String> f = pending.remove(m.group(1));
            if (f != null) {
                f.complete(text);
            }
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
