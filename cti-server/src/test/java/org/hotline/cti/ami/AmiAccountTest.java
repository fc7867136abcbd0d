package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 11: the CTI's AMI account (config/asterisk/manager.conf, installed into the sandbox
 * and the production template) has only the rights the CTI uses; the dialplan ITs prove the CTI
 * works with them.
 */
class AmiAccountTest {
    private static Map<String, Set<String>> ctiAccount() throws IOException {
        Map<String, Set<String>> out = new HashMap<>();
        String section = null;
        for (String raw : Files.readAllLines(Path.of("../config/asterisk/manager.conf"))) {
            String line = raw.replaceAll(";.*", "").strip();
            if (line.startsWith("[")) {
                section = line;
            } else if ("[cti]".equals(section) && line.contains("=")) {
                String[] kv = line.split("=", 2);
                out.put(
                        kv[0].strip(),
                        new TreeSet<>(Arrays.stream(kv[1].split(","))
                                .map(String::strip)
                                .toList()));
            }
        }
        return out;
    }

    @Test
    void theCtiMayNotRunCliCommandsOrWriteConfiguration() throws IOException {
        Map<String, Set<String>> cti = ctiAccount();
        assertThat(cti.get("write")).containsExactlyInAnyOrder("system", "call", "agent", "originate", "reporting");
        assertThat(cti.get("read")).containsExactlyInAnyOrder("system", "call", "agent", "user", "originate");
        assertThat(cti.get("write")).doesNotContain("command", "config", "all");
        // The events it reads are exactly those it asks for at login.
        assertThat(cti.get("read")).containsExactlyInAnyOrderElementsOf(Set.of(AmiSettings.DEFAULT_EVENTS.split(",")));
    }
}
