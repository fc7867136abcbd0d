package org.hotline.cti.ami;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channel names of each enterprise call's caller and answering agent, which AMI actions such as
 * Redirect and Hangup need. Adapter-internal: the application speaks of call ids only.
 */
final class AmiChannels {
    private final Set<String> inboundContexts;
    private final Map<String, String> caller = new ConcurrentHashMap<>();
    private final Map<String, String> agent = new ConcurrentHashMap<>();
    /** agent channel's uniqueid → call id, to forget an agent leg that hangs up. */
    private final Map<String, String> agentLeg = new ConcurrentHashMap<>();
    /** call id → its agent channel's uniqueid: the reverse of {@link #agentLeg}, so a hang-up costs O(1), not a scan. */
    private final Map<String, String> legOfCall = new ConcurrentHashMap<>();

    AmiChannels(Set<String> inboundContexts) {
        this.inboundContexts = inboundContexts;
    }

    /** The events {@link #onEvent} reads (the AMI session is filtered to these: AmiTelephony.EVENTS_READ). */
    static final Set<String> EVENTS_READ = Set.of("Newchannel", "AgentConnect", "Hangup");

    void onEvent(AmiMessage e) {
        String name = e.event();
        if ("Newchannel".equals(name)) {
            String uid = e.get("Uniqueid");
            if (uid != null && uid.equals(e.get("Linkedid")) && inboundContexts.contains(e.get("Context"))) {
                caller.put(uid, e.get("Channel"));
            }
        } else if ("AgentConnect".equals(name)) {
            String uid = e.get("Uniqueid");
            String dest = e.get("DestChannel");
            if (uid != null && dest != null) {
                agent.put(uid, dest);
                String leg = e.get("DestUniqueid", "");
                agentLeg.put(leg, uid);
                legOfCall.put(uid, leg);
            }
        } else if ("Hangup".equals(name)) {
            String uid = e.get("Uniqueid", "");
            if (caller.remove(uid) != null) {
                agent.remove(uid);
                String leg = legOfCall.remove(uid);
                if (leg != null) {
                    agentLeg.remove(leg, uid);
                }
            }
            String call = agentLeg.remove(uid);
            if (call != null) {
                agent.remove(call);
                legOfCall.remove(call, uid);
            }
        }
    }

    /** Learns the channels of calls live at a resync (from CoreShowChannels), three-way rooms included. */
    void resync(List<AmiMessage> channels) {
        Map<String, List<AmiMessage>> byBridge = AmiCallTranslator.byBridge(channels);
        for (AmiMessage c : channels) {
            if (!AmiCallTranslator.isCaller(c, inboundContexts)) {
                continue;
            }
            String uid = c.get("Uniqueid");
            caller.put(uid, c.get("Channel"));
            AmiMessage other = AmiCallTranslator.agentIn(uid, byBridge.getOrDefault(c.get("BridgeId", ""), List.of()));
            if (other != null) {
                agent.put(uid, other.get("Channel"));
                agentLeg.put(other.get("Uniqueid"), uid);
                legOfCall.put(uid, other.get("Uniqueid"));
            }
        }
    }

    String caller(String callId) {
        return caller.get(callId);
    }

    String agent(String callId) {
        return agent.get(callId);
    }
}
