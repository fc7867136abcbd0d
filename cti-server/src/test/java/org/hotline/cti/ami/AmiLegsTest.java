package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.app.port.Telephony.LegCause;
import org.hotline.cti.app.port.Telephony.LegEvent;
import org.junit.jupiter.api.Test;

/**
 * A specialist's leg (R1: the transfer fails with the real cause): Asterisk's OriginateResponse
 * can reach us before the leg's own channel events, which travel on another internal topic.
 */
class AmiLegsTest {
    private static final String LEG = "xfer-7-1";
    private final List<Runnable> later = new ArrayList<>();
    private final List<LegEvent> seen = new ArrayList<>();
    private final AmiLegs legs = new AmiLegs(
            Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC), (task, delay) -> later.add(task));

    AmiLegsTest() {
        legs.addListener(seen::add);
        legs.expect(LEG, "28");
    }

    private static AmiMessage failure(String uniqueid) {
        return uniqueid == null
                ? AmiMessage.of("Event", "OriginateResponse", "ActionID", "28", "Response", "Failure", "Reason", "0")
                : AmiMessage.of(
                        "Event",
                        "OriginateResponse",
                        "ActionID",
                        "28",
                        "Response",
                        "Failure",
                        "Reason",
                        "0",
                        "Uniqueid",
                        uniqueid);
    }

    @Test
    void busySpecialistWhoseChannelEventsComeAfterTheOriginateResponseFailsAsBusy() {
        legs.onEvent(failure(LEG));
        assertThat(seen).as("nothing decided before the channel's own Hangup").isEmpty();

        legs.onEvent(AmiMessage.of("Event", "Newchannel", "Uniqueid", LEG));
        legs.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", LEG, "Cause", "17"));
        later.forEach(Runnable::run); // the grace ends after the Hangup: nothing more

        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LegEvent.Kind.FAILED);
            assertThat(e.cause()).isEqualTo(LegCause.BUSY);
        });
    }

    @Test
    void aNamedChannelThatNeverReportsFailsOnTheResponsesReasonAfterTheGrace() {
        legs.onEvent(failure(LEG));
        assertThat(seen).isEmpty();
        later.forEach(Runnable::run);
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LegEvent.Kind.FAILED);
            assertThat(e.cause()).isEqualTo(LegCause.UNAVAILABLE);
        });
    }

    @Test
    void aResponseNamingNoChannelFailsAtOnce() {
        legs.onEvent(failure(null));
        assertThat(seen).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(LegCause.UNAVAILABLE));
        assertThat(later).isEmpty();
    }

    @Test
    void channelEventsFirstAsUsualStillGiveTheHangupsCause() {
        legs.onEvent(AmiMessage.of("Event", "Newchannel", "Uniqueid", LEG));
        legs.onEvent(failure(LEG));
        legs.onEvent(AmiMessage.of("Event", "Hangup", "Uniqueid", LEG, "Cause", "17"));
        assertThat(seen).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(LegCause.BUSY));
        assertThat(later).isEmpty();
    }
}
