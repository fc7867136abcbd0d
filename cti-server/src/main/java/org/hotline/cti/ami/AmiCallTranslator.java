package org.hotline.cti.ami;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallSnapshot;

/**
 * The one place where Asterisk's words (channel, uniqueid, linkedid, bridge) become the project's
 * call events. A call is identified by the Uniqueid of the caller's channel; events about other
 * channels are translated too and ignored by the call model when they name no known call.
 * Stateless apart from its settings, so it is safe on the AMI event-loop thread.
 * <p>
 * Issue 14 item 6: with several Asterisk nodes each node has its own translator, whose call ids are
 * the uniqueid behind the node's prefix ({@code pbx2:1700000000.42}), so two nodes' uniqueids can
 * never meet in the call model. The first node's prefix is empty: a single-node hotline, and the
 * calls it stored before, keep their bare uniqueids.
 */
public final class AmiCallTranslator {
    private final Set<String> inboundContexts;
    private final Clock clock;
    private final String idPrefix;

    public AmiCallTranslator(Set<String> inboundContexts, Clock clock) {
        this(inboundContexts, clock, "");
    }

    /** {@code idPrefix}: put before every uniqueid to make the call id ({@code ""} for the first node). */
    public AmiCallTranslator(Set<String> inboundContexts, Clock clock, String idPrefix) {
        this.inboundContexts = Set.copyOf(inboundContexts);
        this.clock = clock;
        this.idPrefix = idPrefix;
    }

    /** The call id of this node's channel {@code uniqueid} (null stays null). */
    String id(String uniqueid) {
        return uniqueid == null || idPrefix.isEmpty() ? uniqueid : idPrefix + uniqueid;
    }

    /** The uniqueid on this node of call {@code callId}, or null when the id is not this node's. */
    String uniqueid(String callId) {
        if (idPrefix.isEmpty()) {
            return callId.indexOf(':') < 0 ? callId : null;
        }
        return callId.startsWith(idPrefix) ? callId.substring(idPrefix.length()) : null;
    }

    /** The events {@link #translate} reads (the AMI session is filtered to these: AmiTelephony.EVENTS_READ). */
    static final java.util.Set<String> EVENTS_READ = java.util.Set.of(
            "Newchannel",
            "QueueCallerJoin",
            "AgentCalled",
            "AgentConnect",
            "QueueCallerAbandon",
            "BridgeEnter",
            "Hangup",
            "UserEvent",
            "SoftHangupRequest");

    /** The call event an AMI event means, or null when it means nothing to the call model. */
    public CallEvent translate(AmiMessage e) {
        String name = e.event();
        if (name == null) {
            return null;
        }
        switch (name) {
            case "Newchannel": {
                String uid = e.get("Uniqueid");
                if (uid == null || !uid.equals(e.get("Linkedid")) || !inboundContexts.contains(e.get("Context"))) {
                    return null;
                }
                return new CallEvent.Arrived(id(uid), at(e), number(e.get("CallerIDNum")), e.get("Exten", ""));
            }
            case "QueueCallerJoin":
                return new CallEvent.Queued(id(e.get("Uniqueid")), at(e), e.get("Queue", ""), intOf(e.get("Position")));
            case "AgentCalled":
                return new CallEvent.Offered(id(e.get("Uniqueid")), at(e), agentOf(e));
            case "AgentConnect":
                return new CallEvent.Answered(id(e.get("Uniqueid")), at(e), agentOf(e));
            case "QueueCallerAbandon":
                return new CallEvent.Abandoned(
                        id(e.get("Uniqueid")), at(e), intOf(e.get("Position")), intOf(e.get("HoldTime")));
            case "BridgeEnter":
                return new CallEvent.Bridged(id(e.get("Uniqueid")), at(e), e.get("BridgeUniqueid", ""));
            case "Hangup":
                return new CallEvent.Ended(id(e.get("Uniqueid")), at(e), intOf(e.get("Cause")), e.get("Cause-txt", ""));
            case "UserEvent":
                return userEvent(e);
            case "SoftHangupRequest":
                // Cause here is Asterisk's soft-hang-up flag, not a Q.850 code: 4 (AST_SOFTHANGUP_SHUTDOWN)
                // is Asterisk stopping or restarting and hanging up every channel (issue 11).
                return "4".equals(e.get("Cause", "").trim())
                        ? new CallEvent.PbxStopping(id(e.get("Uniqueid")), at(e))
                        : null;
            default:
                return null;
        }
    }

    private CallEvent userEvent(AmiMessage e) {
        String kind = e.get("UserEvent", "");
        return switch (kind) {
            case "HotlineAfterHours" -> new CallEvent.AfterHours(id(e.get("Uniqueid")), at(e));
            case "HotlineQueueExit" ->
                new CallEvent.QueueExited(
                        id(e.get("Uniqueid")), at(e), e.get("Status", "").trim());
            default -> null;
        };
    }

    /**
     * Live enterprise calls from a {@code CoreShowChannels} list and a {@code QueueStatus} list:
     * the caller's channel is one whose Uniqueid is its own Linkedid, in an inbound context or in
     * the three-way room the CTI moved it to (R1: a call in a transfer's conference is still the
     * same live call); its agent is the other channel in the same bridge (in a three-way room, the
     * one that entered as the agent, not the specialist).
     */
    public List<CallSnapshot> snapshot(List<AmiMessage> channels, List<AmiMessage> queueStatus) {
        Instant now = clock.instant();
        Set<String> queued = new HashSet<>();
        for (AmiMessage q : queueStatus) {
            if ("QueueEntry".equals(q.event())) {
                queued.add(q.get("Uniqueid"));
            }
        }
        Map<String, List<AmiMessage>> byBridge = byBridge(channels);
        List<CallSnapshot> out = new ArrayList<>();
        for (AmiMessage c : channels) {
            if (!"CoreShowChannel".equals(c.event()) || !isCaller(c, inboundContexts)) {
                continue;
            }
            String uid = c.get("Uniqueid");
            String bridge = c.get("BridgeId", "");
            AmiMessage agentChannel = agentIn(uid, byBridge.getOrDefault(bridge, List.of()));
            String agent = agentChannel == null ? null : endpointOf(agentChannel.get("Channel", ""));
            Instant since = now.minus(hms(c.get("Duration", "00:00:00")));
            boolean inQueue = queued.contains(uid) || ("Queue".equals(c.get("Application")) && agent == null);
            boolean inRoom = AmiTelephony.CONFERENCE_CONTEXT.equals(c.get("Context"));
            out.add(new CallSnapshot(
                    id(uid),
                    number(c.get("CallerIDNum")),
                    inRoom ? "" : c.get("Exten", ""),
                    since,
                    inQueue || agent != null,
                    agent,
                    bridge.isEmpty() ? null : bridge));
        }
        return out;
    }

    /** An enterprise caller's own channel: the first of its call, in an inbound context or the caller's side of a three-way room. */
    static boolean isCaller(AmiMessage c, Set<String> inboundContexts) {
        String uid = c.get("Uniqueid");
        if (uid == null || !uid.equals(c.get("Linkedid"))) {
            return false;
        }
        String context = c.get("Context");
        return inboundContexts.contains(context) || AmiTelephony.CONFERENCE_CONTEXT.equals(context);
    }

    static Map<String, List<AmiMessage>> byBridge(List<AmiMessage> channels) {
        Map<String, List<AmiMessage>> byBridge = new HashMap<>();
        for (AmiMessage c : channels) {
            String bridge = c.get("BridgeId", "");
            if (!bridge.isEmpty()) {
                byBridge.computeIfAbsent(bridge, k -> new ArrayList<>()).add(c);
            }
        }
        return byBridge;
    }

    /**
     * The agent's channel among the others in the caller's bridge: in a three-way room the one in
     * the agent's room context (the specialist, in its own context, is not the agent); in a plain
     * queue bridge the only other channel.
     */
    static AmiMessage agentIn(String callerUid, List<AmiMessage> bridged) {
        AmiMessage other = null;
        for (AmiMessage c : bridged) {
            if (callerUid.equals(c.get("Uniqueid"))) {
                continue;
            }
            String context = c.get("Context", "");
            if (AmiTelephony.CONFERENCE_AGENT_CONTEXT.equals(context)) {
                return c;
            }
            if (!AmiTelephony.CONFERENCE_SPECIALIST_CONTEXT.equals(context)) {
                other = c;
            }
        }
        return other;
    }

    private Instant at(AmiMessage e) {
        String ts = e.get("Timestamp");
        if (ts != null) {
            try {
                BigDecimal micros = new BigDecimal(ts.trim()).movePointRight(6);
                return Instant.EPOCH.plusNanos(micros.longValue() * 1000);
            } catch (NumberFormatException ignored) {
                // fall through to our own clock
            }
        }
        return clock.instant();
    }

    /** The agent's extension: MemberName when it is one, else the endpoint in Interface (PJSIP/8101). */
    static String agentOf(AmiMessage e) {
        String member = e.get("MemberName", "");
        if (!member.isEmpty() && member.indexOf('/') < 0) {
            return member;
        }
        String iface = e.get("Interface", member);
        int slash = iface.indexOf('/');
        return slash < 0 ? iface : iface.substring(slash + 1);
    }

    /** {@code PJSIP/8101-0000002a} → {@code 8101}. */
    static String endpointOf(String channel) {
        int slash = channel.indexOf('/');
        int dash = channel.lastIndexOf('-');
        if (slash < 0) {
            return channel;
        }
        return dash > slash ? channel.substring(slash + 1, dash) : channel.substring(slash + 1);
    }

    private static String number(String s) {
        return s == null || s.isBlank() || "<unknown>".equals(s) ? "unknown" : s;
    }

    private static int intOf(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static Duration hms(String s) {
        String[] p = s.split(":");
        try {
            if (p.length == 3) {
                return Duration.ofHours(Long.parseLong(p[0]))
                        .plusMinutes(Long.parseLong(p[1]))
                        .plusSeconds(Long.parseLong(p[2]));
            }
            return Duration.ofSeconds(Long.parseLong(s.trim()));
        } catch (NumberFormatException ex) {
            return Duration.ZERO;
        }
    }
}
