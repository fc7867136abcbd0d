package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AmiChannelsTest {
    private final AmiChannels channels = new AmiChannels(Set.of("from-enterprise"));

    private void call(int i) {
        String uid = "100." + i;
        channels.onEvent(AmiMessage.of(
                "Event",
                "Newchannel",
                "Channel",
                "PJSIP/caller-" + i,
                "Context",
                "from-enterprise",
                "Uniqueid",
                uid,
                "Linkedid",
                uid));
        channels.onEvent(AmiMessage.of(
                "Event", "AgentConnect", "Uniqueid", uid, "DestChannel", "PJSIP/80" + i, "DestUniqueid", "200." + i));
    }

    @Test
    void forgetsTheAgentLegOfTheCallThatEndsAndOnlyThatOne() {
        for (int i = 0; i < 50; i++) {
            call(i);
        }
        channels.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", "100.7"));
        assertThat(channels.caller("100.7")).isNull();
        assertThat(channels.agent("100.7")).isNull();
        assertThat(channels.agent("100.8")).isEqualTo("PJSIP/808");

        // the agent leg hangs up first (the agent dropped): the caller stays, without an agent
        channels.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", "200.9"));
        assertThat(channels.agent("100.9")).isNull();
        assertThat(channels.caller("100.9")).isEqualTo("PJSIP/caller-9");
        channels.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", "100.9"));
        assertThat(channels.caller("100.9")).isNull();
        assertThat(channels.agent("100.10")).isEqualTo("PJSIP/8010");
    }
}
