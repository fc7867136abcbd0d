package org.hotline.cti.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.cti.pbx.SandboxPaths;

/**
 * The sandbox Asterisk's dialplan trace (config/asterisk/logger.conf: full.log at verbose level 3)
 * from the moment this was made: what the PBX really played to a caller.
 */
public final class AsteriskLog {
    private static final Path FULL_LOG =
            SandboxPaths.defaults(System.getenv(), Path.of("")).chrootDir().resolve("var/log/asterisk/full.log");

    private final long from = size();

    private static long size() {
        try {
            return Files.size(FULL_LOG);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Everything logged since this was made (all of it when the log was rotated or restarted). */
    public String text() throws IOException {
        byte[] all = Files.readAllBytes(FULL_LOG);
        int start = all.length >= from ? (int) from : 0;
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }

    /** Waits until Asterisk says it played {@code prompt} (e.g. {@code hotline/closed}), in whatever format it decoded. */
    public void awaitPlayed(String prompt) {
        await().atMost(Duration.ofSeconds(10)).until(() -> text().contains("Playing '" + prompt + "."));
    }
}
