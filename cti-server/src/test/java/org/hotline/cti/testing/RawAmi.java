package org.hotline.cti.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A bare AMI connection for tests that check the PBX itself, independent of the project's AMI
 * client: sends actions as text and waits (bounded) for text to appear in what it received.
 */
public final class RawAmi implements AutoCloseable {
    /** The sandbox's AMI account (config/asterisk/manager.conf); a published dev secret. */
    public static final String USER = "cti";

    public static final String SECRET = "hotline-sandbox-ami";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawAmi(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(100);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects and logs in; the returned text is the login response. */
    public static RawAmi login(String host, int port, String user, String secret, boolean events) throws IOException {
        RawAmi ami = new RawAmi(host, port);
        ami.awaitText("Asterisk Call Manager", Duration.ofSeconds(5));
        ami.send("Login", Map.of("Username", user, "Secret", secret, "Events", events ? "on" : "off"));
        ami.awaitText("Message: Authentication", Duration.ofSeconds(5));
        ami.awaitText("\r\n\r\n", Duration.ofSeconds(5));
        return ami;
    }

    public void send(String action, Map<String, String> fields) throws IOException {
        StringBuilder message = new StringBuilder("Action: ").append(action).append("\r\n");
        fields.forEach((k, v) -> message.append(k).append(": ").append(v).append("\r\n"));
        out.write(message.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything received so far, exactly as sent by Asterisk. */
    public String received() throws IOException {
        drain();
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Waits until {@code text} has been received; returns everything received up to now. */
    public String awaitText(String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String all = received();
            if (all.contains(text)) {
                return all;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "AMI: no '" + text.strip() + "' within " + timeout.toSeconds() + " s; received:\n" + all);
            }
        }
    }

    private void drain() throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n = in.read(buffer); // blocks at most the socket timeout
            if (n > 0) {
                received.write(buffer, 0, n);
            }
            while (in.available() > 0 && (n = in.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException nothingYet) {
            // Nothing arrived within the read timeout; the caller decides whether to keep waiting.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
