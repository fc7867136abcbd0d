package org.hotline.cti.app.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.dial.ClickToCall;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.rotation.OutreachCall;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcOutreachCallStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * R5 online interpretation by phone, over the shared click-to-call and the H2 store: the caller's
 * phone rings first, then the entity; a reached call serves the entity once; refusals store nothing
 * dialling and ring nobody.
 */
class OutreachCallsTest {
    final MutableClock clock = new MutableClock(RotationServiceTest.at("2026-03-03T09:00")); // a Tuesday session
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final RotationService rotation = new RotationService(
            () -> RotationServiceTest.ROSTER, new RotationServiceTest.FakeStore(), new LiveEvents(), clock);
    final Telephony pbx = mock(Telephony.class);
    final List<Telephony.LegListener> legListeners = new ArrayList<>();
    final OutreachCalls calls;

    OutreachCallsTest() {
        org.mockito.Mockito.doAnswer(inv -> legListeners.add(inv.getArgument(0)))
                .when(pbx)
                .addLegListener(any());
        calls = new OutreachCalls(
                rotation,
                new JdbcOutreachCallStore(db.dataSource()),
                new ClickToCall(pbx, Duration.ofSeconds(30), "callback"),
                Runnable::run,
                clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private OutreachCalls.Request request(String phone, String kind, String extension) {
        return new OutreachCalls.Request("黑龙江某某农业有限公司", null, phone, kind, extension, "tax");
    }

    @Test
    void theSpecialistsPhoneRingsFirstThenTheEntityAndAReachedCallServesItOnce() {
        when(pbx.connected()).thenReturn(true);
        when(pbx.ring(any())).thenReturn(CompletableFuture.completedFuture(null));

        OutreachCall c = calls.dial(request("0469-4221234", "interpretation", "7101"), "tax");

        ArgumentCaptor<Telephony.Leg> leg = ArgumentCaptor.forClass(Telephony.Leg.class);
        verify(pbx).ring(leg.capture());
        assertThat(leg.getValue().target()).isEqualTo("PJSIP/7101");
        assertThat(leg.getValue().context()).isEqualTo("callback");
        assertThat(leg.getValue().exten()).isEqualTo("04694221234");
        assertThat(leg.getValue().callerIdName()).isEqualTo("在线解读 黑龙江某某农业有限公司");
        assertThat(c.status()).isEqualTo("dialling");
        legListeners.forEach(
                l -> l.onLeg(new Telephony.LegEvent(c.legId(), Telephony.LegEvent.Kind.ENDED, null, clock.instant())));
        assertThat(calls.get(c.id()).status()).isEqualTo("ended");

        OutreachCall done = calls.result(c.id(), "reached", "讲解了留抵退税申报", "tax");
        assertThat(done.result()).isEqualTo(OutreachCall.Result.REACHED);
        assertThat(rotation.inProgress().orElseThrow().servedCount()).isEqualTo(1);
        assertThat(rotation.inProgress().orElseThrow().services().get(0).department())
                .isEqualTo("tax");
        assertThatThrownBy(() -> calls.result(c.id(), "no-answer", "", "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.WRONG_STATE));

        // The same entity called again for application help is still one entity towards 50 (R5).
        OutreachCall again = calls.dial(request("13904691234", "application-help", "7101"), "tax");
        calls.result(again.id(), "reached", "", "tax");
        assertThat(rotation.inProgress().orElseThrow().servedCount()).isEqualTo(1);
    }

    @Test
    void aCallNobodyAnsweredServesNobodyAndAFailedLegIsShown() {
        when(pbx.connected()).thenReturn(true);
        when(pbx.ring(any())).thenReturn(CompletableFuture.completedFuture(null));
        OutreachCall c = calls.dial(request("13904691234", "interpretation", "7101"), "tax");
        legListeners.forEach(l -> l.onLeg(new Telephony.LegEvent(
                c.legId(), Telephony.LegEvent.Kind.FAILED, Telephony.LegCause.NO_ANSWER, Instant.now())));
        assertThat(calls.get(c.id()).status()).startsWith("failed-");
        calls.result(c.id(), "no-answer", null, "tax");
        assertThat(rotation.inProgress().orElseThrow().servedCount()).isZero();
    }

    @Test
    void refusalsRingNobody() {
        when(pbx.connected()).thenReturn(true);
        assertThatThrownBy(() -> calls.dial(request("abc", "interpretation", "7101"), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.BAD_PHONE));
        assertThatThrownBy(() -> calls.dial(request("13904691234", "survey", "7101"), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.UNKNOWN_KIND));
        assertThatThrownBy(() -> calls.dial(request("13904691234", "interpretation", null), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.NO_EXTENSION));
        when(pbx.connected()).thenReturn(false);
        assertThatThrownBy(() -> calls.dial(request("13904691234", "interpretation", "7101"), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.AMI_DISCONNECTED));
        clock.set(RotationServiceTest.at("2026-03-04T09:00")); // Wednesday: no session
        when(pbx.connected()).thenReturn(true);
        assertThatThrownBy(() -> calls.dial(request("13904691234", "interpretation", "7101"), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.OUTSIDE_ROTATION_SESSION));
        verify(pbx, never()).ring(any());
    }

    @Test
    void aRefusedOriginateIsRecordedAsFailed() {
        when(pbx.connected()).thenReturn(true);
        when(pbx.ring(any()))
                .thenReturn(CompletableFuture.failedFuture(new CtiException(ErrorId.PBX_ERROR, "no such endpoint")));
        assertThatThrownBy(() -> calls.dial(request("13904691234", "interpretation", "7101"), "tax"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.PBX_ERROR));
        assertThat(calls.list(
                        clock.instant().atZone(RotationServiceTest.SHANGHAI).toLocalDate()))
                .singleElement()
                .extracting(OutreachCall::status)
                .isEqualTo("failed-refused");
    }
}
