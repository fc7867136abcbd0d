package org.hotline.cti.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One SIPp process playing a caller or a phone, with a scenario from {@code src/test/resources/sipp}.
 * Every wait is bounded; {@link #close()} lets it finish its calls, then kills the process if it
 * still runs, so a failed test leaves no stray sipp behind. Peers return only once their UDP socket is bound, so a caller
 * started next cannot race them.
 */
public final class Sipp implements AutoCloseable {
    /** The sandbox's PJSIP transport, where callers send their INVITE. */
    public static final String PBX = "127.0.0.1:5060";

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOFT_EXIT = Duration.ofMillis(1500);

    private final String name;
    private final Process process;
    private final Path log;

    private Sipp(String name, List<String> command) {
        this.name = name;
        try {
            this.log = Files.createTempFile("sipp-", ".log");
            this.process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start sipp (apt-get install sip-tester): " + e.getMessage(), e);
        }
    }

    /**
     * A phone at {@code ip:port} (answer.xml, busy.xml, noanswer.xml) taking {@code calls} calls,
     * then exiting. {@code ringTime} is how long answer.xml rings before answering.
     */
    public static Sipp peer(String scenario, String ip, int port, int calls, Duration ringTime) {
        List<String> command = base(scenario, ip, port);
        command.addAll(List.of("-aa", "-m", Integer.toString(calls), "-d", Long.toString(ringTime.toMillis())));
        Sipp sipp = new Sipp(scenario + "@" + ip + ":" + port, command);
        sipp.awaitBound(ip, port);
        return sipp;
    }

    /**
     * As {@link #peer(String, String, int, int, Duration)}, writing every SIP message it sends and
     * receives to {@code messages} (sipp's -trace_msg), for tests that check what a phone was told.
     */
    public static Sipp peerTracing(String scenario, String ip, int port, int calls, Duration ringTime, Path messages) {
        List<String> command = base(scenario, ip, port);
        command.addAll(List.of(
                "-aa",
                "-m",
                Integer.toString(calls),
                "-d",
                Long.toString(ringTime.toMillis()),
                "-trace_msg",
                "-message_file",
                messages.toString()));
        Sipp sipp = new Sipp(scenario + "@" + ip + ":" + port, command);
        sipp.awaitBound(ip, port);
        return sipp;
    }

    /**
     * Scripted agent {@code extension} (8101…8105: answer.xml at 127.0.0.4:5101…5105) for a queue
     * call. Room for three calls, not one: an earlier test's queue call that rang the extension
     * while no peer listened left an INVITE that Asterisk retransmits for up to 32 s (SIP timer B),
     * and the first peer to bind the port takes it; this test's own call is then the next one.
     * (The Mandarin greeting before the queue moved this test's INVITE past such a retransmission.)
     * Tests check their own call through the CTI or AMI, not by this peer's exit code.
     */
    public static Sipp agent(int extension) {
        return peer("answer.xml", "127.0.0.4", extension - 3000, 3, Duration.ZERO);
    }

    /**
     * A department specialist's phone (answer.xml at 127.0.0.3:{@code port}) for a transfer, with
     * room for three calls for the reason {@link #agent} gives (an earlier test's leg to the same
     * number may still be retransmitted when this peer binds).
     */
    public static Sipp specialist(int port) {
        return peer("answer.xml", "127.0.0.3", port, 3, Duration.ZERO);
    }

    public static Sipp peer(String scenario, String ip, int port) {
        return peer(scenario, ip, port, 1, Duration.ZERO);
    }

    /**
     * An enterprise caller from {@code ip:port} dialling {@code number} at the sandbox, with
     * {@code callerNumber} as the From user. {@code hold} is the scenario's -d: how long caller.xml
     * talks, or how long caller-cancel.xml waits before CANCEL.
     */
    public static Sipp caller(String scenario, String ip, int port, String callerNumber, String number, Duration hold) {
        return callerTo(PBX, scenario, ip, port, callerNumber, number, hold);
    }

    /** As {@link #caller}, to the PJSIP transport at {@code pbx} (another sandbox node: 127.0.0.1:5062). */
    public static Sipp callerTo(
            String pbx, String scenario, String ip, int port, String callerNumber, String number, Duration hold) {
        List<String> command = base(scenario, ip, port);
        command.addAll(List.of(
                "-key",
                "caller",
                callerNumber,
                "-s",
                number,
                "-d",
                Long.toString(hold.toMillis()),
                "-m",
                "1",
                "-recv_timeout",
                "60000",
                pbx));
        return new Sipp(scenario + " " + callerNumber + "->" + number, command);
    }

    private static List<String> base(String scenario, String ip, int port) {
        return new ArrayList<>(List.of(
                "sipp", "-sf", scenarioPath(scenario).toString(), "-i", ip, "-p", Integer.toString(port), "-nostdin"));
    }

    static Path scenarioPath(String scenario) {
        URL url = Sipp.class.getResource("/sipp/" + scenario);
        if (url == null) {
            throw new IllegalArgumentException("no sipp scenario " + scenario + " in src/test/resources/sipp");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits for sipp to end and returns its exit code (0: every call as the scenario says). */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "sipp " + name + " still running after " + timeout.toSeconds() + " s:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for sipp " + name, e);
        }
        return process.exitValue();
    }

    /** Fails with sipp's output unless it ends with exit code 0 within the timeout. */
    public void assertSucceeds(Duration timeout) {
        int code = awaitExit(timeout);
        if (code != 0) {
            throw new AssertionError("sipp " + name + " exited " + code + ":\n" + output());
        }
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void awaitBound(String ip, int port) {
        long deadline = System.nanoTime() + BIND_TIMEOUT.toNanos();
        while (!udpBound(ip, port)) {
            if (!process.isAlive()) {
                throw new AssertionError("sipp " + name + " exited before binding:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new AssertionError("sipp " + name + " did not bind within " + BIND_TIMEOUT.toSeconds() + " s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(20); // polling interval only; the loop waits on the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Reads /proc/net/udp: a bound socket is the only reliable sign that sipp is ready. */
    static boolean udpBound(String ip, int port) {
        String[] octets = ip.split("\\.");
        StringBuilder hex = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            hex.append(String.format(Locale.ROOT, "%02X", Integer.parseInt(octets[i])));
        }
        String wanted = hex + String.format(Locale.ROOT, ":%04X", port);
        try {
            return Files.readAllLines(Path.of("/proc/net/udp")).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .anyMatch(fields -> fields.length > 1 && fields[1].equals(wanted));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Asks sipp to finish its calls and exit (SIGUSR1, like its 'q' key) and kills it only if it
     * has not within {@link #SOFT_EXIT}. A peer killed in mid-dialog never answers the BYE Asterisk
     * sends it; Asterisk then retransmits that BYE for 32 s, and the next test's peer on the same
     * port takes it for a call of its own and stops accepting the one it is there for.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-USR1", Long.toString(process.pid()))
                        .start()
                        .waitFor(2, TimeUnit.SECONDS);
                process.waitFor(SOFT_EXIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                // no kill(1): fall through to destroy
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // Temp file; the OS cleans /tmp.
        }
    }
}
