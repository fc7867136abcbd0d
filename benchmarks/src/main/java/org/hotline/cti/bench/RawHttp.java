package org.hotline.cti.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain HTTP/1.1 client on kept-alive sockets, for the end-to-end run's transfer requests: the
 * request is written to the socket on the caller's own thread, as the tool's AMI client writes
 * Asterisk-alone's Redirect (one write, no client-side hand-offs), so the figures compare the
 * servers and not two client libraries. The JDK's HttpClient passes a request through its own
 * executor and selector threads: on this shared 2-core machine that alone took 5–10 ms at p50
 * (2026-11-30, POST of a refused transfer: 7–15 ms with HttpClient, 1.9–2.3 ms on a plain socket,
 * load 7–13). The response is read on a reader thread; an idle connection is reused.
 */
final class RawHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private final ConcurrentLinkedQueue<Conn> idle = new ConcurrentLinkedQueue<>();
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "e2e-http-reader");
        t.setDaemon(true);
        return t;
    });

    private record Conn(Socket socket, OutputStream out, InputStream in) {}

    /** A response: status and body (UTF-8). */
    record Response(int status, String body) {}

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    CompletableFuture<Response> post(String path, String bearer, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer "
                        + bearer + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        Conn c;
        try {
            c = idle.poll();
            if (c == null) {
                c = open();
            }
            c.out().write(request);
            c.out().flush();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Conn conn = c;
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        Response r = read(conn.in());
                        idle.offer(conn);
                        return r;
                    } catch (IOException e) {
                        close(conn);
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                readers);
    }

    private Conn open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 2_000);
        s.setSoTimeout(30_000);
        return new Conn(s, s.getOutputStream(), new BufferedInputStream(s.getInputStream()));
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2) {
            throw new IOException("bad status line '" + status + "'");
        }
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0
                    && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            }
        }
        return new Response(Integer.parseInt(parts[1]), new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static void close(Conn c) {
        try {
            c.socket().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        for (Conn c = idle.poll(); c != null; c = idle.poll()) {
            close(c);
        }
        readers.shutdownNow();
    }
}
