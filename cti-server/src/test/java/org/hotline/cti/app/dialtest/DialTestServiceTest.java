package org.hotline.cti.app.dialtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.DialTestStore;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.dialtest.DialTestResult;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.metrics.MicrometerDialTestMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failing-twice flag (R8) with a scripted PBX: each number answers or fails as told. */
class DialTestServiceTest {
    /** Answers every ring at once with the scripted outcome for its target. */
    static final class ScriptedPbx implements Telephony {
        final Map<String, List<LegCause>> script; // target → outcomes in order; null cause = answered
        final List<LegListener> listeners = new CopyOnWriteArrayList<>();
        final List<String> hungUp = new CopyOnWriteArrayList<>();

        ScriptedPbx(Map<String, List<LegCause>> script) {
            this.script = script;
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public CompletableFuture<Void> ring(Leg leg) {
            LegCause cause = script.get(leg.target()).remove(0);
            CompletableFuture.runAsync(() -> listeners.forEach(l -> l.onLeg(new LegEvent(
                    leg.id(), cause == null ? LegEvent.Kind.ANSWERED : LegEvent.Kind.FAILED, cause, Instant.EPOCH))));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> hangUp(String legId) {
            hungUp.add(legId);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addLegListener(LegListener listener) {
            listeners.add(listener);
        }

        // Dial-tests never touch calls, conferences or agents.
        @Override
        public CompletableFuture<Void> joinConference(String callId, String room) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> hangUpAgent(String callId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> agentReady(String extension, boolean ready) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> setDeskOpen(boolean open) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> agentGone(String extension) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> agentDisconnected(String extension) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<LegPresence> legPresence(String legPrefix, String room) {
            throw new UnsupportedOperationException();
        }
    }

    static final class MemoryStore implements DialTestStore {
        final List<DialTestResult> results = new CopyOnWriteArrayList<>();

        @Override
        public void runStarted(String runId, String trigger, String requestedBy, String department, Instant at) {}

        @Override
        public void runFinished(String runId, Instant at) {}

        @Override
        public void save(DialTestResult result) {
            results.add(0, result);
        }

        @Override
        public List<DialTestResult> latestOf(String number, int limit) {
            return results.stream()
                    .filter(r -> r.number().equals(number))
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<DialTestResult> history(int limit) {
            return results.stream().limit(limit).toList();
        }

        @Override
        public List<DialTestResult> ofRun(String runId) {
            return results.stream().filter(r -> r.runId().equals(runId)).toList();
        }
    }

    private static final String TAX = "sip:2001@127.0.0.3:5071";
    private static final String HRSS = "sip:2009@127.0.0.3:5079";
    private final Directory directory = new Directory(
            List.of(
                    new Department("tax", "税务局", List.of(TAX), Duration.ofSeconds(20), List.of()),
                    new Department("hrss", "人社局", List.of(HRSS), Duration.ofSeconds(20), List.of())),
            List.of());
    private final DialTestSettings config = new DialTestSettings(
            List.of(LocalTime.of(8, 15)), true, Duration.ofSeconds(2), 2, "12345", "12345 dial-test");
    private final ScriptedPbx pbx = new ScriptedPbx(Map.of(
            "PJSIP/specialists/" + TAX, new ArrayList<>(java.util.Arrays.asList(null, null, null)),
            "PJSIP/specialists/" + HRSS,
                    new ArrayList<>(List.of(
                            Telephony.LegCause.NO_ANSWER, Telephony.LegCause.BUSY, Telephony.LegCause.NO_ANSWER))));
    private final MemoryStore store = new MemoryStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<LiveEvents.Event> published = new CopyOnWriteArrayList<>();
    private final LiveEvents events = new LiveEvents();
    private final DialTestService service;

    DialTestServiceTest() {
        events.subscribe(published::add);
        service = new DialTestService(
                () -> directory,
                n -> "PJSIP/specialists/" + n,
                pbx,
                store,
                config,
                events,
                new MicrometerDialTestMetrics(registry),
                Clock.fixed(Instant.parse("2026-03-02T00:15:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private DialTestRun runToEnd() {
        DialTestRun run = service.start("manual", "supervisor", null);
        await().atMost(Duration.ofSeconds(5)).until(run::finished);
        return run;
    }

    private double failingGauge(String department) {
        return registry.get("cti.dialtest.failing")
                .tag("department", department)
                .gauge()
                .value();
    }

    @Test
    void aNumberFailingTwiceInARowIsFlaggedInTheStatusTheMetricAndTheLiveEvent() {
        DialTestRun first = runToEnd();
        assertThat(first.results()).extracting(DialTestResult::result).containsExactly("answered", "failed");
        assertThat(pbx.hungUp).containsExactly("dt-" + first.id() + "-1"); // the answered test is hung up at once
        assertThat(service.status())
                .extracting(DialTestService.NumberStatus::failing)
                .containsExactly(false, false);
        assertThat(failingGauge("hrss")).isZero();

        runToEnd();
        DialTestService.NumberStatus hrss = service.status().get(1);
        assertThat(hrss.failing()).isTrue();
        assertThat(hrss.failuresInARow()).isEqualTo(2);
        assertThat(hrss.latest().cause()).isEqualTo("busy");
        assertThat(service.status().get(0).failing()).isFalse();
        assertThat(failingGauge("hrss")).isEqualTo(1.0);
        assertThat(failingGauge("tax")).isZero();
        assertThat(registry.get("cti.dialtest.runs")
                        .tag("result", "failed")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(published)
                .extracting(LiveEvents.Event::type)
                .containsOnly("dialtest.result")
                .hasSize(4);
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) published.get(3).data();
        assertThat(last).containsEntry("failing", true).containsEntry("department", "hrss");
    }

    @Test
    void theFlagSurvivesARestartAndOneAnswerClearsIt() {
        runToEnd();
        runToEnd();
        // A new service on the same store: the streak comes from the stored history.
        try (DialTestService restarted = new DialTestService(
                () -> directory,
                n -> "PJSIP/specialists/" + n,
                pbx,
                store,
                config,
                events,
                new MicrometerDialTestMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
            assertThat(restarted.status().get(1).failing()).isTrue();
        }
        pbx.script.get("PJSIP/specialists/" + HRSS).set(0, null);
        runToEnd();
        assertThat(service.status().get(1).failing()).isFalse();
        assertThat(failingGauge("hrss")).isZero();
    }

    @Test
    void oneRunAtATimeAndOnlyKnownDepartments() {
        assertThatThrownBy(() -> service.start("manual", "supervisor", "nope"))
                .hasMessageContaining("no department 'nope'");
        DialTestRun run = service.start("manual", "supervisor", "tax");
        assertThat(run.targets()).extracting(DialTestRun.Target::number).containsExactly(TAX);
        await().atMost(Duration.ofSeconds(5)).until(run::finished);
    }
}
