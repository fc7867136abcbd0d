package org.hotline.cti.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether media really flows through Asterisk in a {@code --voice} run: its own RTP counters per
 * PJSIP channel ({@code pjsip show channelstats} through the sandbox's CLI, as root): how many
 * channels have received and sent packets, and the totals. Counts above 100,000 are printed by
 * Asterisk in thousands ("123K").
 */
final class Media {
    /** UpTime, Codec, then Count Lost Pct Jitter received, Count Lost … sent. */
    private static final Pattern ROW = Pattern.compile(
            "\\d+:\\d\\d:\\d\\d\\s+\\S+\\s+(\\d+)(K?)\\s+(\\d+)(K?)\\s+\\d+\\s+[\\d.]+\\s+(\\d+)(K?)\\s+(\\d+)(K?)");

    private Media() {}

    /** One table row: channels | with stats | receiving | sending | received | sent | lost. */
    static String sample(Path chroot, long channels) {
        String out;
        try {
            Process p = new ProcessBuilder(
                            "chroot", chroot.toString(), "/usr/sbin/asterisk", "-rx", "pjsip show channelstats")
                    .redirectErrorStream(true)
                    .start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return channels + " | ? (asterisk -rx failed: " + out.strip() + ") | | | | |";
            }
        } catch (IOException e) {
            return channels + " | ? (" + e.getMessage() + ") | | | | |";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return channels + " | ? (interrupted) | | | | |";
        }
        long rows = 0;
        long receiving = 0;
        long sending = 0;
        long rx = 0;
        long tx = 0;
        long lost = 0;
        for (String line : out.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            rows++;
            long r = count(m.group(1), m.group(2));
            long t = count(m.group(5), m.group(6));
            rx += r;
            tx += t;
            lost += count(m.group(3), m.group(4));
            receiving += r > 0 ? 1 : 0;
            sending += t > 0 ? 1 : 0;
        }
        return String.format(
                Locale.ROOT, "%d | %d | %d | %d | %,d | %,d | %,d", channels, rows, receiving, sending, rx, tx, lost);
    }

    private static long count(String digits, String k) {
        long v = Long.parseLong(digits);
        return k.isEmpty() ? v : v * 1000;
    }
}
