package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Every AMI action the CTI sends, with the write classes Asterisk 22 accepts for it (`manager
     * show command NAME` on the sandbox), least powerful first; an empty list: no class needed.
     */
    static final Map<String, List<String>> ACTIONS = Map.ofEntries(
            Map.entry("Originate", List.of("originate")),
            Map.entry("Redirect", List.of("call")),
            Map.entry("Hangup", List.of("call", "system")),
            Map.entry("QueueAdd", List.of("agent")),
            Map.entry("QueueRemove", List.of("agent")),
            Map.entry("QueuePause", List.of("agent")),
            Map.entry("CoreShowChannels", List.of("reporting", "system")),
            Map.entry("CoreStatus", List.of("reporting", "system")),
            Map.entry("CoreSettings", List.of("reporting", "system")),
            Map.entry("ShowDialPlan", List.of("reporting", "config")),
            Map.entry("DBPut", List.of("system")),
            Map.entry("Reload", List.of("system", "config")),
            // Issue 14 item 4: the session's event filters; Asterisk asks system for it.
            Map.entry("Filter", List.of("system")),
            Map.entry("QueueStatus", List.of()),
            Map.entry("Ping", List.of()),
            Map.entry("Login", List.of()));

    /** Every event the CTI acts on, with its class. */
    static final Map<String, String> EVENTS = Map.ofEntries(
            Map.entry("Newchannel", "call"),
            Map.entry("Newstate", "call"),
            Map.entry("Hangup", "call"),
            Map.entry("SoftHangupRequest", "call"),
            Map.entry("BridgeEnter", "call"),
            Map.entry("ConfbridgeJoin", "call"),
            Map.entry("OriginateResponse", "call"),
            Map.entry("QueueCallerJoin", "agent"),
            Map.entry("QueueCallerAbandon", "agent"),
            Map.entry("AgentCalled", "agent"),
            Map.entry("AgentConnect", "agent"),
            Map.entry("UserEvent", "user"));

    @Test
    void theCtiHasExactlyTheClassesItsActionsAndEventsNeedAndNeverCommandOrConfig() throws IOException {
        Map<String, Set<String>> cti = ctiAccount();
        Set<String> write = new TreeSet<>();
        ACTIONS.values().stream().filter(c -> !c.isEmpty()).forEach(c -> write.add(c.get(0)));
        assertThat(cti.get("write")).containsExactlyInAnyOrderElementsOf(write);
        assertThat(cti.get("read")).containsExactlyInAnyOrderElementsOf(new TreeSet<>(EVENTS.values()));
        assertThat(cti.get("write")).doesNotContain("command", "config", "all");
        assertThat(cti.get("read")).doesNotContain("system", "originate", "dialplan", "all");
        // The events it reads are exactly those it asks for at login.
        assertThat(cti.get("read")).containsExactlyInAnyOrderElementsOf(Set.of(AmiSettings.DEFAULT_EVENTS.split(",")));
        // ...and exactly those its session's filters let through (issue 14 item 4).
        assertThat(AmiTelephony.EVENTS_READ).containsExactlyInAnyOrderElementsOf(EVENTS.keySet());
    }

    /** Every action named in the AMI adapter's code is in the table above (a new one must say its class). */
    @Test
    void everyActionTheAdapterSendsIsListed() throws IOException {
        java.util.regex.Pattern sent = java.util.regex.Pattern.compile(
                "(?:send|sendWithId|sendOn|ask)\\(\\s*(?:[^,()\"]*,\\s*)?\"([A-Z][A-Za-z]+)\"");
        Set<String> found = new TreeSet<>();
        try (var files = Files.list(Path.of("src/main/java/org/hotline/cti/ami"))) {
            for (Path f : files.toList()) {
                var m = sent.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
        assertThat(found).contains("Originate", "Redirect", "DBPut", "Reload", "ShowDialPlan");
        assertThat(ACTIONS.keySet()).containsAll(found);
    }
}
