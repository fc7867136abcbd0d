package org.hotline.softphone.headless;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.hotline.softphone.cti.CtiClient;
import org.hotline.softphone.cti.CtiEvent;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;

/**
 * Drives a {@link Phone} from text commands, one per line, and prints every event as one line.
 * Commands: answer, hangup, dial NUMBER, hold, resume, dtmf DIGITS, wait-for NAME [seconds],
 * status, quit; with a CTI client also the verbs of {@link CtiCommands} (cti-login, transfer
 * MATTER, wrapup …). Blank lines and lines starting with '#' are skipped.
 *
 * <p>{@code wait-for} consumes events: it returns at the earliest event of that name not
 * consumed by an earlier wait, so "wait-for ringing" right after the phone rang still succeeds.
 * Phone and CTI events come from two sources whose relative order is not fixed (the CTI's
 * screen pop may come before or after the SIP INVITE), so a wait never skips other events.
 */
public final class HeadlessRunner {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Phone phone;
    private final PrintStream out;
    private final boolean stopOnError;
    private final List<String> seen = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();
    private final CtiCommands cti;

    /** @param stopOnError true for scripts: the first failed command or wait ends the run */
    public HeadlessRunner(Phone phone, PrintStream out, boolean stopOnError) {
        this(phone, null, null, out, stopOnError);
    }

    /** With a CTI client (may be null): CTI commands, and CTI pushes as event lines. */
    public HeadlessRunner(Phone phone, CtiClient ctiClient, CtiLogin login, PrintStream out, boolean stopOnError) {
        this.phone = phone;
        this.out = out;
        this.stopOnError = stopOnError;
        this.cti = ctiClient == null ? null : new CtiCommands(ctiClient, login, this::print);
        phone.addListener(this::onEvent);
        if (ctiClient != null) {
            ctiClient.addListener(this::onCtiEvent);
        }
    }

    private void onEvent(PhoneEvent e) {
        record(EventFormat.name(e), EventFormat.format(e));
    }

    private void onCtiEvent(CtiEvent e) {
        String[] nameAndLine = cti.format(e);
        record(nameAndLine[0], nameAndLine[1]);
    }

    private synchronized void record(String name, String line) {
        out.println(line);
        out.flush();
        seen.add(name);
        consumed.add(false);
        notifyAll();
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    /** Runs until quit or end of input; returns the process exit code (0 ok, 1 a step failed). */
    public int run(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            String cmd = line.trim();
            if (cmd.isEmpty() || cmd.startsWith("#")) {
                continue;
            }
            if (cmd.equals("quit")) {
                break;
            }
            if (!execute(cmd) && stopOnError) {
                return 1;
            }
        }
        return 0;
    }

    /** Executes one command; false if it failed (an error line was printed). */
    boolean execute(String line) {
        String[] words = line.split("\\s+");
        String verb = words[0].toLowerCase(Locale.ROOT);
        try {
            switch (verb) {
                case "answer" -> phone.answer();
                case "hangup" -> phone.hangup();
                case "hold" -> phone.hold();
                case "resume" -> phone.resume();
                case "register" -> phone.register();
                case "unregister" -> phone.unregister();
                case "dial" -> {
                    argument(words, verb);
                    phone.dial(words[1]);
                }
                case "dtmf" -> {
                    argument(words, verb);
                    for (char c : words[1].toCharArray()) {
                        phone.sendDtmf(c);
                    }
                }
                case "wait-for" -> {
                    argument(words, verb);
                    Duration timeout = words.length > 2
                            ? Duration.ofMillis((long) (Double.parseDouble(words[2]) * 1000))
                            : DEFAULT_WAIT;
                    return waitFor(words[1], timeout);
                }
                case "status" ->
                    out.println(EventFormat.status(
                            phone.registrationState(), phone.currentCall().orElse(null)));
                default -> {
                    if (cti == null || !cti.execute(verb, words)) {
                        throw new PhoneException("unknown-command", "unknown command: " + verb);
                    }
                }
            }
            return true;
        } catch (PhoneException e) {
            error(verb, e.id(), e.getMessage());
        } catch (CtiException | CompletionException e) {
            CtiException c = CtiException.of(e);
            error(verb, c.code(), c.getMessage());
        } catch (NumberFormatException e) {
            error(verb, "bad-argument", e.getMessage());
        }
        return false;
    }

    private static void argument(String[] words, String verb) {
        if (words.length < 2) {
            throw new PhoneException("missing-argument", verb + " needs an argument");
        }
    }

    private synchronized boolean waitFor(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < seen.size(); i++) {
                if (!consumed.get(i) && seen.get(i).equals(name)) {
                    consumed.set(i, true);
                    return true;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                error("wait-for", "timeout", "no " + name + " within " + timeout.toMillis() / 1000.0 + "s");
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private synchronized void error(String command, String id, String message) {
        out.println("event=error command=" + command + " id=" + id + " message=" + EventFormat.quote(message));
        out.flush();
    }
}
