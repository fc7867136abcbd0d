package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.WrapUpRequest;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The agent's everyday requests besides transfers (issue 12 item 4): wrap-ups that feed the R12
 * direct-resolution rate, only from the agent who answered; the directory and knowledge-base
 * answers (R3); the screen pop's recent calls.
 */
class HotlineDeskTest {
    static final String HASH = PasswordHash.hash("pw");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z")); // Monday 10:00 Shanghai
    // Written through the day's tally, as the server's writers do (issue 14 item 3).
    final org.hotline.cti.app.DayTally tally =
            new org.hotline.cti.app.DayTally(clock, () -> ZoneId.of("Asia/Shanghai"));
    final org.hotline.cti.app.port.CallStore calls = tally.calls(new InMemoryCallStore());
    final org.hotline.cti.app.port.TransferStore transfers = tally.transfers(new InMemoryTransferStore());
    final LiveEvents events = new LiveEvents();
    final List<LiveEvents.Event> pushed = new CopyOnWriteArrayList<>();
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    true,
                    ZoneId.of("Asia/Shanghai")),
            ThreeWayBudget.Settings.R10);
    final HotlineDesk desk = new HotlineDesk(rules, calls, transfers, events, clock);
    final DailyStats stats = new DailyStats(
            calls,
            transfers,
            rules,
            new TransferOutcomes(calls, transfers, null, rules, events, TransferMetrics.NONE, clock),
            ThreeWayBudget.Settings.R10,
            clock,
            tally);
    final AuthService auth = new AuthService(
            List.of(
                    new User("8001", Role.AGENT, "8001", HASH),
                    new User("8002", Role.AGENT, "8002", HASH),
                    new User("supervisor", Role.SUPERVISOR, null, HASH)),
            clock);

    HotlineDeskTest() {
        events.subscribe(pushed::add);
    }

    Session session(String user) {
        return auth.login(user, "pw");
    }

    /** A call from {@code caller} answered by {@code agent}, {@code minutes} after 10:00. */
    String answered(String id, String caller, String agent, int minutes) {
        Instant at = clock.instant().plus(Duration.ofMinutes(minutes));
        Call c = new Call(id, caller, "12345", at);
        c.apply(new CallEvent.Queued(id, at.plusSeconds(1), "enterprise-desk", 1));
        c.apply(new CallEvent.Answered(id, at.plusSeconds(4), agent));
        c.apply(new CallEvent.Ended(id, at.plusSeconds(90), 16, "Normal Clearing"));
        calls.save(CallRecord.of(c), c.timeline());
        return id;
    }

    @Test
    void r12WrapUpsByTheAnsweringAgentMakeTheDirectResolutionRate() {
        answered("c1", "13800000001", "8001", 1);
        answered("c2", "13800000002", "8001", 2);
        answered("c3", "13800000003", "8002", 3);
        clock.advance(Duration.ofMinutes(10));

        Wrapup w =
                desk.wrapUp(session("8001"), new WrapUpRequest("c1", "annual-report", "direct", null, "双鸭山某某商贸有限公司"));
        desk.wrapUp(session("8001"), new WrapUpRequest("c2", "vat-credit-refund", "transferred", null, null));

        assertThat(w.agent()).isEqualTo("8001");
        assertThat(w.at()).isEqualTo(clock.instant());
        assertThat(pushed).extracting(LiveEvents.Event::type).containsExactly("wrapup", "wrapup");
        Map<String, Object> today = stats.today();
        assertThat(today.get("directResolutionRate")).isEqualTo(0.5);
        assertThat(today.get("wrappedUp")).isEqualTo(2L);
        assertThat(today.get("answeredNotWrappedUp")).isEqualTo(1L); // c3, shown, not dropped
    }

    @Test
    void onlyTheAgentWhoAnsweredOrASupervisorWrapsUp() {
        answered("c1", "13800000001", "8001", 1);
        CtiException other = catchThrowableOfType(
                CtiException.class,
                () -> desk.wrapUp(session("8002"), new WrapUpRequest("c1", null, "direct", null, null)));
        assertThat(other.id()).isEqualTo("not-your-call");
        assertThat(other.getMessage()).contains("8001");

        assertThat(desk.wrapUp(session("supervisor"), new WrapUpRequest("c1", null, "direct", "值班长补录", null))
                        .agent())
                .isEqualTo("supervisor");
        assertThat(transfers.wrapupsBetween(Instant.EPOCH, clock.instant().plusSeconds(3600)))
                .hasSize(1);
    }

    @Test
    void unknownCallsAndMattersAreRefusedAndNothingIsStored() {
        answered("c1", "13800000001", "8001", 1);
        assertThat(catchThrowableOfType(
                                CtiException.class,
                                () -> desk.wrapUp(
                                        session("8001"), new WrapUpRequest("nope", null, "direct", null, null)))
                        .id())
                .isEqualTo("no-such-call");
        assertThat(catchThrowableOfType(
                                CtiException.class,
                                () -> desk.wrapUp(
                                        session("8001"),
                                        new WrapUpRequest("c1", "no-such-matter", "direct", null, null)))
                        .id())
                .isEqualTo("unknown-matter");
        assertThat(transfers.wrapupsBetween(Instant.EPOCH, clock.instant().plusSeconds(3600)))
                .isEmpty();
        assertThat(pushed).isEmpty();
    }

    @Test
    void r3WithoutAKnowledgeBaseTheDirectoryAnswersAndListsTheThreeWayMatters() {
        List<Map<String, Object>> all = desk.searchKb("");
        assertThat(all).isNotEmpty();
        assertThat(all).allSatisfy(r -> assertThat(r).containsKeys("code", "name", "answer", "threeWay"));
        assertThat(all)
                .filteredOn(r -> "vat-credit-refund".equals(r.get("code")))
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("threeWay", true).containsEntry("department", "tax"));
        assertThat(desk.departments())
                .filteredOn(d -> "tax".equals(d.get("code")))
                .singleElement()
                .satisfies(d -> assertThat(d).containsEntry("name", "税务局"));
    }

    @Test
    void theScreenPopShowsUpToFiveEarlierCallsNewestFirstWithoutTheCurrentOne() {
        for (int i = 0; i < 7; i++) {
            answered("c" + i, "13800000009", "8001", i);
        }
        List<Map<String, Object>> recent = desk.recentCalls("13800000009", "c6");
        assertThat(recent).extracting(m -> m.get("id")).containsExactly("c5", "c4", "c3", "c2", "c1");
        assertThat(recent.get(0)).containsEntry("outcome", "answered").containsEntry("agent", "8001");
    }
}
