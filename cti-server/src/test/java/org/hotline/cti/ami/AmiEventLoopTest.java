package org.hotline.cti.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.app.CallPushes;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: the server runs the call model on the AMI event loop (one loop for every node),
 * wired here as {@code CtiServer} wires it. A read's call events are applied on that loop, in
 * order; and a screen pop whose database read hangs does not stop the AMI stream behind it.
 */
class AmiEventLoopTest {
    private final AmiEventLoop loop = new AmiEventLoop();
    private final InMemoryCallStore store = new InMemoryCallStore();
    private final CallTracker tracker =
            new CallTracker(store, Clock.systemUTC(), CallTracker.FIRST_NODE, loop.executor());
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        tracker.close();
        loop.close();
    }

    private FakeAmiServer following() throws Exception {
        FakeAmiServer server = new FakeAmiServer("right");
        AmiTelephony telephony = server.telephony(tracker, loop);
        toClose.add(0, server);
        toClose.add(0, telephony);
        telephony.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> telephony.resyncs() == 1);
        return server;
    }

    private static String enterpriseCall(String uid, String caller, String agent) {
        return "Event: Newchannel\r\nChannel: PJSIP/enterprise-" + uid + "\r\nUniqueid: " + uid + "\r\nLinkedid: "
                + uid + "\r\nContext: from-enterprise\r\nExten: 12345\r\nCallerIDNum: " + caller + "\r\n\r\n"
                + "Event: QueueCallerJoin\r\nUniqueid: " + uid + "\r\nQueue: enterprise-desk\r\nPosition: 1\r\n\r\n"
                + "Event: AgentCalled\r\nUniqueid: " + uid + "\r\nInterface: PJSIP/" + agent + "\r\nMemberName: "
                + agent + "\r\n\r\n";
    }

    @Test
    void aReadsCallEventsAreAppliedOnTheAmiLoopItselfInOrder() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        tracker.addListener(
                (call, step) -> steps.add(call.id() + " " + step.kind() + (loop.inLoop() ? "" : " OFF-LOOP")));
        FakeAmiServer pbx = following();

        pbx.emit(enterpriseCall("2.1", "13800000002", "8101"));

        await().atMost(Duration.ofSeconds(5)).until(() -> steps.size() >= 3);
        assertThat(steps).containsSubsequence("2.1 arrived", "2.1 queued", "2.1 offered");
        assertThat(steps).noneMatch(s -> s.endsWith("OFF-LOOP"));
    }

    @Test
    void aScreenPopWaitingOnTheDatabaseDoesNotStopTheAmiStream() throws Exception {
        CountDownLatch databaseBack = new CountDownLatch(1);
        CallStore hanging = (CallStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {CallStore.class}, (p, m, args) -> {
                    if (m.getName().equals("recentFrom")) {
                        databaseBack.await(30, TimeUnit.SECONDS); // a database that does not answer
                    }
                    try {
                        return m.invoke(new InMemoryCallStore(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LiveEvents events = new LiveEvents();
        HotlineRules rules = new HotlineRules(
                new RuleFileSet(
                        Path.of("../config/departments.yaml"),
                        Path.of("../config/calendar"),
                        Path.of("../config/roster.yaml"),
                        true,
                        ZoneId.of("Asia/Shanghai")),
                ThreeWayBudget.Settings.R10);
        HotlineDesk desk = new HotlineDesk(rules, hanging, new InMemoryTransferStore(), events, Clock.systemUTC());
        ExecutorService screenPops = Executors.newSingleThreadExecutor();
        toClose.add(screenPops::shutdownNow);
        tracker.addListener(new CallPushes(events, desk, () -> true, screenPops));
        List<LiveEvents.Event> at8101 = new CopyOnWriteArrayList<>();
        events.subscribe(at8101::add, (user, extension) -> "8101".equals(extension)); // agent 8101 logged in
        FakeAmiServer pbx = following();

        pbx.emit(enterpriseCall("2.1", "13800000002", "8101")); // its pop hangs on the database
        pbx.emit(enterpriseCall("3.1", "13800000003", "8102"));

        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        tracker.liveCall("3.1").map(c -> c.offeredAt() != null).orElse(false));
        assertThat(at8101).isEmpty();

        databaseBack.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> at8101.size() == 1);
        assertThat(at8101.get(0).type()).isEqualTo("call.offered");
    }
}
