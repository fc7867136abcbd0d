package org.hotline.cti.app.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallState;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.CallbackRules;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.OverdueCallback;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationRules;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallbackStore;
import org.hotline.cti.store.JdbcRosterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: an ended call that cannot change any callback (answered by a number with no
 * callback open, or neither answered nor missed) costs no hand-off to the callbacks thread and no
 * database read, while R11 stays as it was: a missed call opens a callback, and a caller with an
 * open callback who is answered marks it "answered again", even when the miss is still waiting on
 * the callbacks thread as the answer ends.
 */
class CallbackServiceHandOffTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    private static final String X = "13900000001";
    private static final String Y = "13900000002";

    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
    private final CountingStore store = new CountingStore(new JdbcCallbackStore(db.dataSource()));
    private final List<LiveEvents.Event> pushes = new CopyOnWriteArrayList<>();
    private final CallbackService service = service();

    @AfterEach
    void close() {
        service.close();
        db.close();
    }

    private CallbackService service() {
        WorkCalendar cal = WorkCalendar.of(
                List.<SpecialDay>of(), Set.of(2026, 2027), WorkingHours.DEFAULT, ZoneId.of("Asia/Shanghai"));
        Roster roster = new Roster(
                RotationRules.R4,
                List.of(),
                List.of(new SupervisorShift(
                        "值班长", "8901", EnumSet.allOf(DayOfWeek.class), TimeRange.parse("00:00-23:59"))),
                cal);
        LiveEvents events = new LiveEvents();
        events.subscribe(pushes::add);
        return new CallbackService(
                store,
                new RosterService(roster, new JdbcRosterStore(db.dataSource(), clock), clock),
                new CallbackRules(Set.of("12345")),
                events,
                clock);
    }

    /** An ended call as the call tracker hands it over, {@code minutes} after T0. */
    private static CallRecord ended(String id, String caller, String dialed, CallOutcome outcome, int minutes) {
        Instant at = T0.plusSeconds(60L * minutes);
        boolean answered = outcome == CallOutcome.ANSWERED;
        return new CallRecord(
                id,
                caller,
                dialed,
                at,
                "enterprise-desk",
                at.plusSeconds(1),
                at.plusSeconds(2),
                "8101",
                answered ? at.plusSeconds(5) : null,
                answered ? "8101" : null,
                false,
                outcome == CallOutcome.ABANDONED ? "caller-hangup" : null,
                at.plusSeconds(30),
                16,
                "Normal Clearing",
                CallState.ENDED,
                outcome,
                List.of());
    }

    private void tell(CallRecord call) {
        service.callChanged(call, new TimelineEntry(call.endedAt(), "ended", call.agent(), null));
    }

    private Optional<Callback> openFor(String number) {
        service.idle().join();
        return store.inner.openFor(number);
    }

    @Test
    void anAnsweredCallerWithNoCallbackOpenCostsNoHandOffAndNoRead() {
        int startUp = store.reads.get(); // the one load of open numbers
        tell(ended("a1", X, "12345", CallOutcome.ANSWERED, 0));
        tell(ended("a2", Y, "12345", CallOutcome.ANSWERED, 1));

        assertThat(service.handOffs()).isZero();
        service.idle().join();
        assertThat(store.reads.get()).as("callback reads").isEqualTo(startUp);
        assertThat(store.writes.get()).isZero();
        assertThat(pushes).isEmpty();
    }

    @Test
    void aCallThatIsNeitherAnsweredNorAMissCostsNoHandOff() {
        tell(ended("f1", X, "8888", CallOutcome.FAILED, 0)); // a misdial to another number: no miss (R11)
        tell(ended("f2", "anonymous", "12345", CallOutcome.ABANDONED, 1)); // cannot be called back

        assertThat(service.handOffs()).isZero();
        assertThat(openFor(X)).isEmpty();
        assertThat(store.inner.list(EnumSet.allOf(CallbackStatus.class))).isEmpty();
    }

    @Test
    void anAnsweredCallerWithACallbackOpenStillMarksItAnsweredAgain() {
        tell(ended("m1", X, "12345", CallOutcome.ABANDONED, 0)); // R11: a miss opens a callback
        Callback opened = openFor(X).orElseThrow();
        assertThat(opened.status()).isEqualTo(CallbackStatus.PENDING);

        tell(ended("a1", X, "12345", CallOutcome.ANSWERED, 5));

        Callback after = openFor(X).orElseThrow();
        assertThat(after.answeredAgainCallId()).isEqualTo("a1");
        assertThat(after.status()).as("still the supervisor's to close").isEqualTo(CallbackStatus.PENDING);
        assertThat(service.handOffs()).isEqualTo(2);
        assertThat(pushes)
                .extracting(LiveEvents.Event::type)
                .containsExactly("callback.assigned", "callback.updated", "callback.updated");
    }

    @Test
    void anAnswerEndingWhileTheMissIsStillQueuedIsHandedOffBehindIt() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        service.inBackground(
                () -> { // the callbacks thread busy (a dial's end, say)
                    busy.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        tell(ended("m1", X, "12345", CallOutcome.ABANDONED, 0)); // waits behind the busy task
        tell(ended("a1", X, "12345", CallOutcome.ANSWERED, 1)); // no callback open yet in the store
        release.countDown();

        Callback after = openFor(X).orElseThrow();
        assertThat(after.missCount()).isEqualTo(1);
        assertThat(after.answeredAgainCallId())
                .as("the answer still marks the miss before it (R11)")
                .isEqualTo("a1");
        assertThat(service.handOffs()).isEqualTo(3);
    }

    @Test
    void aCallbackClosedMeansTheNextAnswerIsSparedAgain() {
        tell(ended("m1", X, "12345", CallOutcome.ABANDONED, 0));
        Callback opened = openFor(X).orElseThrow();
        service.record(opened.id(), CallbackResult.REACHED, "已回访", "supervisor");
        long before = service.handOffs();

        tell(ended("a1", X, "12345", CallOutcome.ANSWERED, 10));

        assertThat(service.handOffs()).isEqualTo(before);
        assertThat(store.inner.find(opened.id()).orElseThrow().answeredAgainCallId())
                .isNull();
    }

    @Test
    void anAnsweredCallTheRecoveryPassesInReadsNothingWithoutAnOpenCallback() {
        int reads = store.reads.get();
        assertThat(service.callEnded(ended("a1", X, "12345", CallOutcome.ANSWERED, 0)))
                .isEmpty();
        assertThat(store.reads.get()).isEqualTo(reads);
    }

    /** The real store, counting the reads and writes the service makes through it. */
    private static final class CountingStore implements CallbackStore {
        final JdbcCallbackStore inner;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();

        CountingStore(JdbcCallbackStore inner) {
            this.inner = inner;
        }

        @Override
        public Callback insert(Callback callback) {
            writes.incrementAndGet();
            return inner.insert(callback);
        }

        @Override
        public void update(Callback callback) {
            writes.incrementAndGet();
            inner.update(callback);
        }

        @Override
        public Optional<Callback> find(long id) {
            reads.incrementAndGet();
            return inner.find(id);
        }

        @Override
        public Optional<Callback> openFor(String number) {
            reads.incrementAndGet();
            return inner.openFor(number);
        }

        @Override
        public boolean hasMiss(String callId) {
            reads.incrementAndGet();
            return inner.hasMiss(callId);
        }

        @Override
        public Optional<Callback> withMiss(String callId) {
            reads.incrementAndGet();
            return inner.withMiss(callId);
        }

        @Override
        public List<Callback> list(Set<CallbackStatus> states) {
            reads.incrementAndGet();
            return inner.list(states);
        }

        @Override
        public CallbackStats stats(Instant now) {
            reads.incrementAndGet();
            return inner.stats(now);
        }

        @Override
        public List<OverdueCallback> overdue(Instant since, Instant asOf) {
            reads.incrementAndGet();
            return inner.overdue(since, asOf);
        }
    }
}
