package org.hotline.cti.app.rotation;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.RotationStore;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.roster.RotationRules;
import org.hotline.cti.domain.rotation.EntityServed;
import org.hotline.cti.domain.rotation.RotationSession;
import org.hotline.cti.domain.rotation.SignIn;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** R4/R5 use cases on a fixed clock: sign-in and "served" only during a session, counted against 50. */
class RotationServiceTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkCalendar CAL = WorkCalendar.of(
            List.of(new SpecialDay(LocalDate.of(2026, 10, 2), SpecialDay.Kind.HOLIDAY, "国庆")),
            Set.of(2026),
            WorkingHours.DEFAULT,
            SHANGHAI);
    static final Roster ROSTER = new Roster(
            RotationRules.R4,
            List.of(
                    new RotationDuty("王敏", "tax", "7101", Set.of(TUESDAY), Set.of()),
                    new RotationDuty("刘洋", "tax", "7102", Set.of(FRIDAY), Set.of())),
            List.of(),
            CAL);

    /** A hand-written store that keeps rows per date, as the SQL one does. */
    static final class FakeStore implements RotationStore {
        final Map<LocalDate, List<SignIn>> signIns = new HashMap<>();
        final Map<LocalDate, List<EntityServed>> services = new HashMap<>();

        @Override
        public List<SignIn> signIns(LocalDate d) {
            return List.copyOf(signIns.getOrDefault(d, List.of()));
        }

        @Override
        public List<EntityServed> services(LocalDate d) {
            return List.copyOf(services.getOrDefault(d, List.of()));
        }

        @Override
        public void saveSignIn(LocalDate d, SignIn s) {
            signIns.computeIfAbsent(d, k -> new ArrayList<>()).add(s);
        }

        @Override
        public void saveService(LocalDate d, EntityServed s) {
            services.computeIfAbsent(d, k -> new ArrayList<>()).add(s);
        }
    }

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    final MutableClock clock = new MutableClock(at("2026-03-03T09:00"));
    final FakeStore store = new FakeStore();
    final LiveEvents events = new LiveEvents();
    final List<LiveEvents.Event> published = new ArrayList<>();
    final RotationService service = new RotationService(() -> ROSTER, store, events, clock);

    {
        events.subscribe(published::add);
    }

    @Test
    @DisplayName("R4/R5: Tuesday 09:00: a specialist signs in, entities are served, the count folds duplicates")
    void tuesdaySession() {
        service.signIn("王敏", "tax");
        service.served("上海某某科技有限公司", null, "interpretation", "留抵退税", "王敏");
        service.served("上海某某科技有限公司", "91310000MA1FL4XX2K", "application-help", "", "王敏");
        RotationSession s = service.served("李记面馆", null, "survey", "", "8001");

        assertThat(s.signIns()).extracting(SignIn::specialist).containsExactly("王敏");
        assertThat(s.servedCount()).isEqualTo(2);
        assertThat(s.targetMet()).isFalse();
        assertThat(service.figures(LocalDate.of(2026, 3, 3)).orElseThrow())
                .containsEntry("served", 2)
                .containsEntry("target", 50)
                .containsEntry("met", false)
                .containsEntry("inProgress", true)
                .containsEntry("signedIn", 1);
        assertThat(published)
                .extracting(LiveEvents.Event::type)
                .containsOnly("rotation")
                .hasSize(4);
        // Everything was stored: a restarted server reads the same session back.
        RotationService restarted = new RotationService(() -> ROSTER, store, events, clock);
        assertThat(restarted.current().orElseThrow().servedCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("R5: 50 distinct entities meet the target")
    void fiftyMeetTarget() {
        for (int i = 1; i <= 50; i++) {
            service.served("企业" + i, null, "policy-push", "", "8001");
        }
        assertThat(service.current().orElseThrow().targetMet()).isTrue();
    }

    @Test
    @DisplayName("R4: a specialist named by an agent is looked up in today's duties; an unknown name is refused")
    void signInByName() {
        assertThat(service.signIn("王敏", null).signIns().get(0).department()).isEqualTo("tax");
        assertThatThrownBy(() -> service.signIn("刘洋", null)) // on Fridays only
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.UNKNOWN_SPECIALIST));
    }

    @Test
    @DisplayName("R4: outside a session (Wednesday, after 11:30, a holiday Friday) sign-in and served are refused")
    void refusedOutsideSession() {
        for (Instant t : List.of(at("2026-03-04T09:00"), at("2026-03-03T11:30"), at("2026-10-02T09:00"))) {
            clock.set(t);
            assertThatThrownBy(() -> service.signIn("王敏", "tax"))
                    .isInstanceOfSatisfying(
                            CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.OUTSIDE_ROTATION_SESSION));
            assertThatThrownBy(() -> service.served("李记面馆", null, "survey", "", "8001"))
                    .isInstanceOfSatisfying(
                            CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.OUTSIDE_ROTATION_SESSION));
        }
        assertThat(store.services).isEmpty();
        assertThat(service.session(LocalDate.of(2026, 10, 2))).isEmpty();
        assertThat(service.figures(LocalDate.of(2026, 3, 4))).isEmpty();
    }

    @Test
    @DisplayName("R4: after a session the current one is the next (Friday), not yet in progress and empty")
    void nextSession() {
        service.served("李记面馆", null, "survey", "", "8001");
        clock.advance(Duration.ofHours(3));
        RotationSession next = service.current().orElseThrow();
        assertThat(next.slot().date()).isEqualTo(LocalDate.of(2026, 3, 6));
        assertThat(next.servedCount()).isZero();
        assertThat(service.session(LocalDate.of(2026, 3, 3)).orElseThrow().servedCount())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("bad input: no entity, a bad credit code, an unknown kind — each with its id, nothing stored")
    void badInput() {
        assertThatThrownBy(() -> service.served(null, null, "survey", "", "8001"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.BAD_ENTITY));
        assertThatThrownBy(() -> service.served("某某公司", "123", "survey", "", "8001"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.BAD_ENTITY));
        assertThatThrownBy(() -> service.served("某某公司", null, "lunch", "", "8001"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.UNKNOWN_KIND));
        assertThat(store.services).isEmpty();
    }
}
