package org.hotline.cti.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Asterisk's manager port for the agent load test: greets, answers every action
 * the CTI sends (login, QueueAdd/QueuePause for each agent who logs in, the resync lists, AstDB…)
 * with a plain Success, and lets the load tool write call events as a PBX would. Serves one
 * connection at a time (the CTI reconnects after a drop); loopback only.
 */
final class ScriptedAmi implements AutoCloseable {
    private final ServerSocket server;
    private volatile OutputStream out;
    final AtomicLong actions = new AtomicLong();

    /** Sees each action as it is read, before its reply; may return AMI blocks to write after the reply (or null). */
    interface ActionHook {
        String onAction(Map<String, String> action, long readNanos);
    }

    /** Called on the connection's thread for every action; null: none. */
    volatile ActionHook hook;

    private final Thread acceptor;

    ScriptedAmi() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-ami");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    boolean connected() {
        return out != null;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                OutputStream o = s.getOutputStream();
                synchronized (this) {
                    o.write(ReplayServer.GREETING.getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    out = o;
                }
                serve(s);
            } catch (IOException e) {
                // the CTI went away or we are closing; accept the next connection
            } finally {
                out = null;
            }
        }
    }

    private void serve(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> action = new HashMap<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isEmpty()) {
                int c = line.indexOf(':');
                if (c > 0) {
                    action.putIfAbsent(
                            line.substring(0, c).trim().toLowerCase(),
                            line.substring(c + 1).trim());
                }
                continue;
            }
            if (!action.isEmpty()) {
                long read = System.nanoTime();
                actions.incrementAndGet();
                ActionHook h = hook;
                String after = h == null ? null : h.onAction(action, read);
                String id = action.containsKey("actionid") ? "ActionID: " + action.get("actionid") + "\r\n" : "";
                String reply = switch (action.getOrDefault("action", "").toLowerCase()) {
                    case "challenge" -> "Response: Success\r\n" + id + "Challenge: 840415273\r\n\r\n";
                    case "coresettings" ->
                        "Response: Success\r\n" + id + "AMIversion: 11.0.0\r\nAsteriskVersion: 22.10.1\r\n\r\n";
                    case "logoff" -> "Response: Goodbye\r\n" + id + "\r\n";
                    default -> "Response: Success\r\n" + id + "Message: OK\r\n\r\n";
                };
                send(reply);
                if (after != null) {
                    send(after);
                }
                action = new HashMap<>();
            }
        }
    }

    /** Writes whole AMI blocks (each ending in a blank line); false if the CTI is not connected. */
    synchronized boolean send(String blocks) {
        OutputStream o = out;
        if (o == null) {
            return false;
        }
        try {
            o.write(blocks.getBytes(StandardCharsets.UTF_8));
            o.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
