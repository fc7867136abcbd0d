package org.hotline.cti.bench;

import java.util.List;
import java.util.Locale;

/**
 * The AMI events of one queued call as Asterisk 22 sends them (the fields the CTI reads), for the
 * agent load test: call k comes from a caller in context from-enterprise, rings the
 * never-reading agent and agent k mod n (ringall), is answered by the latter and hung up. Each
 * step also notes the pushes it should cause ({audience, "callId|type"}).
 */
final class CallScript {
    private final int agents;

    CallScript(int agents) {
        this.agents = agents;
    }

    static String uid(long call) {
        return "1795000000." + call;
    }

    String agentOf(long call) {
        return AgentLoad.agent((int) (call % agents));
    }

    void arrive(StringBuilder b, List<String[]> marks, long call) {
        String u = uid(call);
        String ext = agentOf(call);
        b.append("Event: Newchannel\r\nChannel: PJSIP/caller-")
                .append(call)
                .append("\r\nChannelState: 4\r\n")
                .append("CallerIDNum: 1380")
                .append(String.format(Locale.ROOT, "%07d", call % 10_000_000))
                .append("\r\nContext: from-enterprise\r\n")
                .append("Exten: 12345\r\nPriority: 1\r\nUniqueid: ")
                .append(u)
                .append("\r\nLinkedid: ")
                .append(u)
                .append("\r\n\r\n");
        b.append("Event: QueueCallerJoin\r\nChannel: PJSIP/caller-")
                .append(call)
                .append("\r\nQueue: enterprise-desk\r\nPosition: 1\r\n")
                .append("Count: 1\r\nUniqueid: ")
                .append(u)
                .append("\r\nLinkedid: ")
                .append(u)
                .append("\r\n\r\n");
        // The queue rings the never-reading agent too (ringall), first, so it is sent a push for every call.
        b.append("Event: AgentCalled\r\nChannel: PJSIP/caller-")
                .append(call)
                .append("\r\nQueue: enterprise-desk\r\nInterface: PJSIP/")
                .append(AgentLoad.SLOW_AGENT)
                .append("\r\nMemberName: ")
                .append(AgentLoad.SLOW_AGENT)
                .append("\r\nUniqueid: ")
                .append(u)
                .append("\r\nLinkedid: ")
                .append(u)
                .append("\r\n\r\n");
        b.append("Event: AgentCalled\r\nChannel: PJSIP/caller-")
                .append(call)
                .append("\r\nDestChannel: PJSIP/")
                .append(ext)
                .append("-0001\r\nQueue: enterprise-desk\r\nInterface: PJSIP/")
                .append(ext)
                .append("\r\nMemberName: ")
                .append(ext)
                .append("\r\nUniqueid: ")
                .append(u)
                .append("\r\nLinkedid: ")
                .append(u)
                .append("\r\n\r\n");
        marks.add(new String[] {"agent", u + "|call.offered"});
        marks.add(new String[] {"dash", u + "|arrived"});
        marks.add(new String[] {"dash", u + "|queued"});
        marks.add(new String[] {"dash", u + "|offered"});
    }

    void answer(StringBuilder b, List<String[]> marks, long call) {
        String u = uid(call);
        String ext = agentOf(call);
        b.append("Event: AgentConnect\r\nChannel: PJSIP/caller-")
                .append(call)
                .append("\r\nQueue: enterprise-desk\r\nInterface: PJSIP/")
                .append(ext)
                .append("\r\nMemberName: ")
                .append(ext)
                .append("\r\nHoldTime: 1\r\nUniqueid: ")
                .append(u)
                .append("\r\nLinkedid: ")
                .append(u)
                .append("\r\n\r\n");
        marks.add(new String[] {"agent", u + "|call.answered"});
        marks.add(new String[] {"dash", u + "|answered"});
    }

    void hangUp(StringBuilder b, List<String[]> marks, long call) {
        String u = uid(call);
        b.append("Event: Hangup\r\nChannel: PJSIP/caller-")
                .append(call)
                .append("\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n")
                .append("Uniqueid: ")
                .append(u)
                .append("\r\nLinkedid: ")
                .append(u)
                .append("\r\n\r\n");
        marks.add(new String[] {"agent", u + "|call.ended"});
        marks.add(new String[] {"dash", u + "|ended"});
    }
}
