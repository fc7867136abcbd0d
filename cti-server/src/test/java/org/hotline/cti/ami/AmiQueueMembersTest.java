package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hotline.cti.app.port.QueueMembers;
import org.junit.jupiter.api.Test;

class AmiQueueMembersTest {
    @Test
    void readsEachQueueMemberEventAndIgnoresTheRest() {
        List<QueueMembers.Agent> agents = AmiQueueMembers.members(List.of(
                AmiMessage.of("Event", "QueueParams", "Queue", "enterprise-desk", "Calls", "0"),
                AmiMessage.of(
                        "Event",
                        "QueueMember",
                        "Queue",
                        "enterprise-desk",
                        "Name",
                        "8101",
                        "Location",
                        "PJSIP/8101",
                        "StateInterface",
                        "PJSIP/8101",
                        "CallsTaken",
                        "6",
                        "LastCall",
                        "1795839495",
                        "InCall",
                        "1",
                        "Status",
                        "2",
                        "Paused",
                        "0",
                        "PausedReason",
                        "",
                        "Membership",
                        "static"),
                AmiMessage.of(
                        "Event",
                        "QueueMember",
                        "Queue",
                        "enterprise-desk",
                        "Name",
                        "坐席8002",
                        "Location",
                        "PJSIP/8002",
                        "StateInterface",
                        "PJSIP/8002",
                        "CallsTaken",
                        "0",
                        "LastCall",
                        "0",
                        "Status",
                        "5",
                        "Paused",
                        "1",
                        "PausedReason",
                        "培训",
                        "Membership",
                        "dynamic"),
                AmiMessage.of("Event", "QueueEntry", "Queue", "enterprise-desk", "Uniqueid", "1.1"),
                AmiMessage.of("Event", "QueueStatusComplete")));

        assertThat(agents)
                .containsExactly(
                        new QueueMembers.Agent(
                                "8101", "in-call", false, null, 6, Instant.ofEpochSecond(1795839495), false),
                        new QueueMembers.Agent("8002", "offline", true, "培训", 0, null, true));
    }

    @Test
    void mapsAsteriskDeviceStatesToTheProjectsWords() {
        assertThat(AmiQueueMembers.status("1")).isEqualTo("idle");
        assertThat(AmiQueueMembers.status("6")).isEqualTo("ringing");
        assertThat(AmiQueueMembers.status("7")).isEqualTo("in-call");
        assertThat(AmiQueueMembers.status("8")).isEqualTo("on-hold");
        assertThat(AmiQueueMembers.status("0")).isEqualTo("unknown");
        assertThat(AmiQueueMembers.status("42")).isEqualTo("unknown");
    }
}
