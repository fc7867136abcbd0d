package org.hotline.cti.cel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;

/**
 * Rebuilds one enterprise call from its CEL events (all lines of one linkedid) by replaying them as
 * the same call events the live AMI path produces, so a recovered call gets the outcome and missed
 * reason the live tracker would have given it. The caller's channel is the one whose uniqueid is the
 * linkedid and whose context is an inbound one; its uniqueid, behind the node's prefix, is the
 * call id, as live.
 */
final class CelCallBuilder {
    static final String RECOVERED = "recovered from the PBX's CEL";

    private final Set<String> inboundContexts;
    private final String idPrefix;
    private final String node;

    CelCallBuilder(Set<String> inboundContexts) {
        this(inboundContexts, "", null);
    }

    /** {@code idPrefix} and {@code node}: as the live path keys this node's calls (issue 14 item 6). */
    CelCallBuilder(Set<String> inboundContexts, String idPrefix, String node) {
        this.inboundContexts = Set.copyOf(inboundContexts);
        this.idPrefix = idPrefix;
        this.node = node;
    }

    Optional<CallRecord> build(List<CelLine> lines) {
        CelLine start = lines.stream()
                .filter(l -> "CHAN_START".equals(l.type())
                        && l.uniqueId().equals(l.linkedId())
                        && inboundContexts.contains(l.context()))
                .findFirst()
                .orElse(null);
        if (start == null) {
            return Optional.empty(); // not an enterprise call (a dial test, a callback, a transfer leg…)
        }
        String uniqueId = start.uniqueId();
        String id = idPrefix + uniqueId;
        Call call = new Call(id, number(start.callerNum()), start.exten(), start.at()).atNode(node);
        Instant queuedAt = null;
        boolean answered = false;
        boolean exited = false;
        Instant hangupAt = null;
        int cause = 0;
        Instant endAt = null;
        for (CelLine l : lines) {
            if (!uniqueId.equals(l.uniqueId())) {
                continue;
            }
            switch (l.type()) {
                case "APP_START" -> {
                    if ("Queue".equals(l.app()) && queuedAt == null) {
                        queuedAt = l.at();
                        String queue = l.appData().split(",", 2)[0];
                        call.apply(new CallEvent.Queued(id, l.at(), queue, 0));
                    }
                }
                case "BRIDGE_ENTER" -> {
                    // In the queue, entering a bridge means an agent picked up (app_queue bridges them).
                    if ("Queue".equals(l.app()) && !answered) {
                        answered = true;
                        call.apply(new CallEvent.Answered(id, l.at(), endpointOf(l.peer())));
                    }
                }
                case "HotlineQueueExit" -> {
                    exited = true;
                    call.apply(new CallEvent.QueueExited(id, l.at(), status(l)));
                }
                case "HotlineAfterHours" -> call.apply(new CallEvent.AfterHours(id, l.at()));
                case "HANGUP" -> {
                    hangupAt = l.at();
                    cause = parseInt(l.extraField("hangupcause"));
                }
                case "CHAN_END" -> endAt = l.at();
                default -> {}
            }
        }
        Instant end = endAt != null
                ? endAt
                : hangupAt != null ? hangupAt : lines.get(lines.size() - 1).at();
        if (queuedAt != null && !answered && !exited) {
            // Left the queue with neither an agent nor the dialplan's exit branch: the caller hung up.
            int waited = (int) Duration.between(queuedAt, hangupAt != null ? hangupAt : end)
                    .toSeconds();
            call.apply(new CallEvent.Abandoned(id, hangupAt != null ? hangupAt : end, 0, waited));
        }
        call.apply(new CallEvent.Ended(id, end, cause, RECOVERED));
        return Optional.of(CallRecord.of(call));
    }

    /** The user event's argument (CELGenUserEvent(name,extra) → {"extra": "TIMEOUT"}), trimmed. */
    private static String status(CelLine l) {
        String s = l.extraField("extra");
        return s.isEmpty() && !l.extra().startsWith("{") ? l.extra().trim() : s.trim();
    }

    /** {@code PJSIP/8101-00000011} → {@code 8101}. */
    static String endpointOf(String channel) {
        int slash = channel.indexOf('/');
        int dash = channel.lastIndexOf('-');
        if (slash < 0) {
            return channel.isEmpty() ? "unknown" : channel;
        }
        return dash > slash ? channel.substring(slash + 1, dash) : channel.substring(slash + 1);
    }

    private static String number(String s) {
        return s == null || s.isBlank() || "<unknown>".equals(s) ? "unknown" : s;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
