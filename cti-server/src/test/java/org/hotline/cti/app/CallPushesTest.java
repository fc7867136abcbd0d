package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Call steps become live events (the screen pop to the ringing agent, answered/ended to the agent,
 * every step to the dashboard) — and, issue 14 item 4, an event nobody would receive is not built:
 * no database look-up for a screen pop no agent session would show.
 */
class CallPushesTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z"));
    final InMemoryCallStore calls = new InMemoryCallStore();
    final AtomicInteger lookups = new AtomicInteger();
    final LiveEvents events = new LiveEvents();
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    true,
                    ZoneId.of("Asia/Shanghai")),
            ThreeWayBudget.Settings.R10);
    final HotlineDesk desk = new HotlineDesk(
            rules,
            counting(CallStore.class, calls, "recentFrom"),
            counting(TransferStore.class, new InMemoryTransferStore(), "lastEnterprise"),
            events,
            clock);
    final CallPushes pushes = new CallPushes(events, desk);
    final List<LiveEvents.Event> received = new CopyOnWriteArrayList<>();
    final List<String> watched = new CopyOnWriteArrayList<>();

    /** {@code target} behind its port, counting the calls of {@code method} (the database look-ups). */
    <T> T counting(Class<T> port, T target, String method) {
        return port.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {port}, (p, m, args) -> {
            if (m.getName().equals(method)) {
                lookups.incrementAndGet();
            }
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /** An earlier call from the same number, then a new one offered to agent 8001. */
    CallRecord offeredTo8001() {
        Call earlier = new Call("c0", "13800000001", "12345", clock.instant().minusSeconds(3600));
        earlier.apply(new CallEvent.Ended("c0", clock.instant().minusSeconds(3500), 16, "Normal Clearing"));
        calls.save(CallRecord.of(earlier), earlier.timeline());
        Call c = new Call("c1", "13800000001", "12345", clock.instant());
        c.apply(new CallEvent.Queued("c1", clock.instant(), "hotline", 1));
        c.apply(new CallEvent.Offered("c1", clock.instant(), "8001"));
        return CallRecord.of(c);
    }

    @Test
    void theRingingAgentsSessionGetsTheScreenPopWithTheCallersHistory() {
        events.subscribe(received::add, (user, extension) -> "8001".equals(extension)); // 8001 logged in
        pushes.callChanged(offeredTo8001(), new TimelineEntry(clock.instant(), "offered", "8001", null));

        assertThat(received).extracting(LiveEvents.Event::type).containsExactly("call.offered");
        @SuppressWarnings("unchecked")
        Map<String, Object> pop = (Map<String, Object>) received.get(0).data();
        assertThat(pop).containsEntry("callId", "c1").containsEntry("caller", "13800000001");
        assertThat((List<?>) pop.get("recentCalls")).hasSize(1); // c0, not the call itself
        assertThat(received.get(0).toExtension()).isEqualTo("8001");
        // Recent calls only: the enterprise is answered from memory (issue 14 item 4, RecordedEnterprises).
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aFirstTimeCallersScreenPopReadsOnlyTheRecentCallsItHasNone() {
        events.subscribe(received::add, (user, extension) -> "8001".equals(extension));
        Call c = new Call("c9", "13900000009", "12345", clock.instant());
        c.apply(new CallEvent.Queued("c9", clock.instant(), "hotline", 1));
        c.apply(new CallEvent.Offered("c9", clock.instant(), "8001"));
        pushes.callChanged(CallRecord.of(c), new TimelineEntry(clock.instant(), "offered", "8001", null));

        @SuppressWarnings("unchecked")
        Map<String, Object> pop = (Map<String, Object>) received.get(0).data();
        assertThat(pop).containsEntry("enterprise", null).containsEntry("recentCalls", List.of());
        assertThat(lookups).hasValue(1); // no other call from the number: no wrap-up can name its enterprise
    }

    @Test
    void aScreenPopNobodyWouldSeeCostsNoLookupYetWatchersHearEveryStep() {
        events.subscribe(received::add, (user, extension) -> "8002".equals(extension)); // only 8002 logged in
        events.watch(watched::add);
        CallRecord call = offeredTo8001();
        pushes.callChanged(call, new TimelineEntry(clock.instant(), "offered", "8001", null));

        assertThat(received).isEmpty();
        assertThat(lookups).hasValue(0);
        assertThat(watched).containsExactly("call.offered", "call.updated"); // the stats gauges still refresh
    }

    @Test
    void aDashboardGetsEveryStepAsBefore() {
        events.subscribe(received::add); // a subscriber that names no audience wants everything
        pushes.callChanged(offeredTo8001(), new TimelineEntry(clock.instant(), "offered", "8001", null));

        assertThat(received).extracting(LiveEvents.Event::type).containsExactly("call.offered", "call.updated");
        @SuppressWarnings("unchecked")
        Map<String, Object> dash = (Map<String, Object>) received.get(1).data();
        assertThat(dash).containsEntry("step", "offered").containsEntry("agent", "8001");
        assertThat(received.get(1).toExtension()).isNull();
        assertThat(lookups).hasValue(1); // recent calls; the enterprise from memory
    }

    /** The screen-pop pool of the server, played by the test: nothing runs until {@link #runPops}. */
    final java.util.ArrayDeque<Runnable> pops = new java.util.ArrayDeque<>();

    final CallPushes onTheAmiLoop = new CallPushes(events, desk, () -> true, pops::add);

    void runPops() {
        for (Runnable r; (r = pops.poll()) != null; ) {
            r.run();
        }
    }

    CallRecord answeredBy8001(CallRecord offered) {
        Call c = offered.toCall();
        c.apply(new CallEvent.Answered(c.id(), clock.instant(), "8001"));
        return CallRecord.of(c);
    }

    @Test
    void aScreenPopThatReadsTheDatabaseIsBuiltOffTheModelsThreadAndTheAgentStillSeesOfferedThenAnswered() {
        // Issue 14 item 4: the model runs on the AMI event loop, which must never wait on the database.
        events.subscribe(received::add, (user, extension) -> "8001".equals(extension)); // 8001 logged in
        CallRecord offered = offeredTo8001();
        onTheAmiLoop.callChanged(offered, new TimelineEntry(clock.instant(), "offered", "8001", null));
        onTheAmiLoop.callChanged(answeredBy8001(offered), new TimelineEntry(clock.instant(), "answered", "8001", null));

        assertThat(lookups).hasValue(0); // nothing read on the model's thread
        assertThat(received).isEmpty(); // the answer waits behind the pop, not in front of it

        runPops();

        assertThat(received).extracting(LiveEvents.Event::type).containsExactly("call.offered", "call.answered");
        @SuppressWarnings("unchecked")
        Map<String, Object> pop = (Map<String, Object>) received.get(0).data();
        assertThat((List<?>) pop.get("recentCalls")).hasSize(1);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void theDashboardsStepsDoNotWaitForAnAgentsScreenPop() {
        List<LiveEvents.Event> dashboard = new CopyOnWriteArrayList<>();
        events.subscribe(e -> {
            if (e.toExtension() == null) {
                dashboard.add(e);
            }
        }); // a dashboard: wants everything
        onTheAmiLoop.callChanged(offeredTo8001(), new TimelineEntry(clock.instant(), "offered", "8001", null));

        assertThat(dashboard).extracting(LiveEvents.Event::type).containsExactly("call.updated");
        runPops();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void withNobodyAtTheExtensionOrTheDatabaseAwayThePopGoesAtOnceWithoutAnyRead() {
        CallPushes databaseAway = new CallPushes(events, desk, () -> false, pops::add);
        events.subscribe(received::add, (user, extension) -> "8001".equals(extension));
        CallRecord call = offeredTo8001();
        databaseAway.callChanged(call, new TimelineEntry(clock.instant(), "offered", "8001", null));
        onTheAmiLoop.callChanged(call, new TimelineEntry(clock.instant(), "offered", "8009", null)); // nobody at 8009

        assertThat(pops).isEmpty(); // no thread woken
        assertThat(received).extracting(LiveEvents.Event::type).containsExactly("call.offered");
        @SuppressWarnings("unchecked")
        Map<String, Object> pop = (Map<String, Object>) received.get(0).data();
        assertThat(pop).containsEntry("recentCalls", List.of()).containsEntry("enterprise", null);
        assertThat(lookups).hasValue(0);
    }
}
