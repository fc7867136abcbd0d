package org.hotline.cti.ami;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.app.port.QueueMembers;

/** {@link QueueMembers} from AMI {@code QueueStatus}: one {@code QueueMember} event per agent. */
public final class AmiQueueMembers implements QueueMembers {
    private final AmiClient client;
    private final String queue;

    public AmiQueueMembers(AmiClient client, String queue) {
        this.client = client;
        this.queue = queue;
    }

    @Override
    public CompletableFuture<List<Agent>> list() {
        return client.send("QueueStatus", "Queue", queue).thenApply(r -> members(r.events()));
    }

    static List<Agent> members(List<AmiMessage> events) {
        return events.stream()
                .filter(e -> "QueueMember".equals(e.event()))
                .map(AmiQueueMembers::agent)
                .toList();
    }

    private static Agent agent(AmiMessage m) {
        String location = m.get("StateInterface", m.get("Location", m.get("Name", "")));
        String extension = location.substring(location.lastIndexOf('/') + 1);
        long lastCall = number(m.get("LastCall"));
        return new Agent(
                extension,
                status(m.get("Status", "0")),
                "1".equals(m.get("Paused")),
                blankToNull(m.get("PausedReason")),
                (int) number(m.get("CallsTaken")),
                lastCall > 0 ? Instant.ofEpochSecond(lastCall) : null,
                "dynamic".equalsIgnoreCase(m.get("Membership", "")));
    }

    /** Asterisk's device state numbers (AST_DEVICE_*), in the project's words. */
    static String status(String code) {
        return switch (code) {
            case "1" -> "idle";
            case "2", "3", "7" -> "in-call";
            case "6" -> "ringing";
            case "8" -> "on-hold";
            case "4", "5" -> "offline";
            default -> "unknown";
        };
    }

    private static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
