package org.hotline.cti.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.callback.CallbackService;
import org.hotline.cti.app.callback.MissedCallRecovery;
import org.hotline.cti.app.callback.RosterService;
import org.hotline.cti.app.port.CallHistory;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackRules;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationRules;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcCallbackStore;
import org.hotline.cti.store.JdbcRosterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CEL lines in the mapping of config/asterisk/cel_custom.conf, as Asterisk 22 wrote them in the sandbox. */
class CelCallHistoryTest {
    static final long T = 1795839894L;

    @TempDir
    Path dir;

    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

    @AfterEach
    void close() {
        db.close();
    }

    static String line(
            String type,
            long t,
            String num,
            String exten,
            String context,
            String chan,
            String app,
            String appData,
            String uid,
            String linked,
            String peer,
            String extra) {
        return String.join(
                        ",",
                        List.of(
                                        type,
                                        t + ".000100",
                                        num,
                                        num,
                                        "",
                                        exten,
                                        context,
                                        chan,
                                        app,
                                        appData,
                                        uid,
                                        linked,
                                        peer,
                                        extra)
                                .stream()
                                .map(f -> "\"" + f.replace("\"", "\"\"") + "\"")
                                .toList())
                + "\n";
    }

    /** A caller who hangs up while queued (agents ringing, nobody answers). */
    static String abandoned(String uid, String num, long t) {
        return line("CHAN_START", t, num, "12345", "from-enterprise", "PJSIP/enterprise-1", "", "", uid, uid, "", "")
                + line(
                        "APP_START",
                        t,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-1",
                        "Queue",
                        "enterprise-desk,r,,,60",
                        uid,
                        uid,
                        "",
                        "")
                + line("CHAN_START", t, "8101", "s", "agents", "PJSIP/8101-2", "", "", uid + "9", uid, "", "")
                + line(
                        "HANGUP",
                        t + 6,
                        "8101",
                        "12345",
                        "agents",
                        "PJSIP/8101-2",
                        "AppQueue",
                        "",
                        uid + "9",
                        uid,
                        "",
                        "{\"hangupcause\":0}")
                + line(
                        "APP_END",
                        t + 6,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-1",
                        "Queue",
                        "enterprise-desk,r,,,60",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "HANGUP",
                        t + 6,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-1",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "{\"hangupcause\":127,\"hangupsource\":\"PJSIP/enterprise-1\",\"dialstatus\":\"CANCEL\"}")
                + line(
                        "CHAN_END",
                        t + 6,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-1",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "LINKEDID_END",
                        t + 6,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-1",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "");
    }

    static String timeout(String uid, String num, long t) {
        return line("CHAN_START", t, num, "12345", "from-enterprise", "PJSIP/enterprise-3", "", "", uid, uid, "", "")
                + line(
                        "APP_START",
                        t,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "Queue",
                        "enterprise-desk,r,,,60",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "APP_END",
                        t + 60,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "Queue",
                        "enterprise-desk,r,,,60",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "HotlineQueueExit",
                        t + 60,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "CELGenUserEvent",
                        "",
                        uid,
                        uid,
                        "",
                        "{\"extra\":\"TIMEOUT\"}")
                + line(
                        "ANSWER",
                        t + 60,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "Answer",
                        "",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "HANGUP",
                        t + 63,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "{\"hangupcause\":16}")
                + line(
                        "CHAN_END",
                        t + 63,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "LINKEDID_END",
                        t + 63,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-3",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "");
    }

    static String answered(String uid, String num, long t) {
        return line("CHAN_START", t, num, "12345", "from-enterprise", "PJSIP/enterprise-4", "", "", uid, uid, "", "")
                + line(
                        "APP_START",
                        t,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-4",
                        "Queue",
                        "enterprise-desk,r,,,60",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "BRIDGE_ENTER",
                        t + 1,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-4",
                        "Queue",
                        "enterprise-desk,r,,,60",
                        uid,
                        uid,
                        "PJSIP/8101-00000011",
                        "{\"bridge_id\":\"b1\"}")
                + line(
                        "HANGUP",
                        t + 30,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-4",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "{\"hangupcause\":16}")
                + line(
                        "CHAN_END",
                        t + 30,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-4",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "")
                + line(
                        "LINKEDID_END",
                        t + 30,
                        num,
                        "12345",
                        "from-enterprise",
                        "PJSIP/enterprise-4",
                        "",
                        "",
                        uid,
                        uid,
                        "",
                        "");
    }

    private Path cel(String text) throws IOException {
        Path f = dir.resolve("Master.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return f;
    }

    @Test
    void rebuildsAbandonedTimedOutAndAnsweredCallsWithTheLiveOutcomes() throws IOException {
        Path f = cel(abandoned("pbx-1.1", "13900000001", T)
                + timeout("pbx-1.3", "13900000002", T + 2)
                + answered("pbx-1.4", "13900000003", T + 3));
        CelCallHistory h = new CelCallHistory(f, Set.of("from-enterprise"));
        CallHistory.Batch b = h.since("0", Instant.ofEpochSecond(T + 1000));
        assertThat(b.calls()).extracting(CallRecord::id).containsExactly("pbx-1.1", "pbx-1.3", "pbx-1.4");
        CallRecord a = b.calls().get(0);
        assertThat(a.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(a.missedReason()).isEqualTo("caller-hangup");
        assertThat(a.caller()).isEqualTo("13900000001");
        assertThat(a.arrivedAt()).isEqualTo(Instant.ofEpochSecond(T, 100_000));
        assertThat(a.queue()).isEqualTo("enterprise-desk");
        assertThat(a.timeline()).extracting(t -> t.kind()).containsExactly("arrived", "queued", "abandoned", "ended");
        assertThat(b.calls().get(1).missedReason()).isEqualTo("queue-timeout");
        assertThat(b.calls().get(2).outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(b.calls().get(2).agent()).isEqualTo("8101");
        assertThat(b.next()).isEqualTo(Long.toString(Files.size(f)));
    }

    @Test
    void leavesCallsInProgressAndCallsSeenLiveForNextTime() throws IOException {
        String done = abandoned("pbx-1.1", "13900000001", T);
        String running = line(
                "CHAN_START",
                T + 5,
                "13900000009",
                "12345",
                "from-enterprise",
                "PJSIP/enterprise-7",
                "",
                "",
                "pbx-1.7",
                "pbx-1.7",
                "",
                "");
        Path f = cel(done + running + "\"CHAN_START\",\"17958"); // a half-written last line
        CelCallHistory h = new CelCallHistory(f, Set.of("from-enterprise"));
        CallHistory.Batch b = h.since("0", Instant.ofEpochSecond(T + 1000));
        assertThat(b.calls()).extracting(CallRecord::id).containsExactly("pbx-1.1");
        assertThat(b.next()).isEqualTo(Integer.toString(done.getBytes(StandardCharsets.UTF_8).length));
        CallHistory.Batch live = h.since("0", Instant.ofEpochSecond(T - 1));
        assertThat(live.calls())
                .as("arrived after the connection: followed live")
                .isEmpty();
        assertThat(live.next()).isEqualTo("0");
        assertThat(h.since("999999", Instant.ofEpochSecond(T + 1000)).calls())
                .as("rotated file: from the start")
                .hasSize(1);
    }

    // Recovery over an empty CEL file, with stores on the test's database and one duty supervisor
    // (值班长, 8901) all day; set by recoveryAt().
    private JdbcCallStore calls;
    private JdbcRosterStore settings;
    private JdbcCallbackStore store;
    private CallbackService service;
    private MissedCallRecovery recovery;
    private Path celFile;

    /** R11's callback service with one duty supervisor (8901) on every day, around the clock. */
    static CallbackService roundTheClockCallbacks(JdbcCallbackStore store, JdbcRosterStore checkpoints, Clock clock) {
        return roundTheClockCallbacks(store, checkpoints, clock, new LiveEvents());
    }

    /** As above, publishing its pushes ({@code callback.assigned}, {@code callback.updated}) on {@code events}. */
    static CallbackService roundTheClockCallbacks(
            JdbcCallbackStore store, JdbcRosterStore checkpoints, Clock clock, LiveEvents events) {
        WorkCalendar cal = WorkCalendar.of(
                List.<SpecialDay>of(), Set.of(2026, 2027), WorkingHours.DEFAULT, ZoneId.of("Asia/Shanghai"));
        Roster roster = new Roster(
                RotationRules.R4,
                List.of(),
                List.of(new SupervisorShift(
                        "值班长", "8901", EnumSet.allOf(DayOfWeek.class), TimeRange.parse("00:00-23:59"))),
                cal);
        return new CallbackService(
                store,
                new RosterService(roster, checkpoints, clock),
                new CallbackRules(Set.of("12345")),
                events,
                clock);
    }

    private void recoveryAt(Clock clock) throws IOException {
        calls = new JdbcCallStore(db.dataSource(), clock);
        settings = new JdbcRosterStore(db.dataSource(), clock);
        store = new JdbcCallbackStore(db.dataSource());
        service = roundTheClockCallbacks(store, settings, clock);
        celFile = cel("");
        recovery = new MissedCallRecovery(
                new CelCallHistory(celFile, Set.of("from-enterprise")), settings, calls, service);
    }

    @Test
    void recoveryAddsMissedCallsOnceAndFoldsThemIntoCallbacks() throws IOException {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(T + 100), ZoneOffset.UTC);
        recoveryAt(clock);

        assertThat(recovery.recover(Instant.ofEpochSecond(T)))
                .as("a new database starts at the end")
                .isZero();
        cel(abandoned("pbx-1.1", "13900000001", T)
                + timeout("pbx-1.3", "13900000001", T + 20)
                + answered("pbx-1.4", "13900000002", T + 30));
        Instant connected = Instant.ofEpochSecond(T + 200);
        assertThat(recovery.recover(connected)).isEqualTo(3);
        assertThat(recovery.recover(connected)).as("idempotent").isZero();
        settings.save("cel:" + celFile.toAbsolutePath(), "0"); // the same lines read again
        assertThat(recovery.recover(connected)).isZero();

        assertThat(calls.find("pbx-1.1")).get().extracting(CallRecord::outcome).isEqualTo(CallOutcome.ABANDONED);
        List<Callback> open = store.list(EnumSet.of(CallbackStatus.PENDING));
        assertThat(open).hasSize(1);
        assertThat(open.get(0).number()).isEqualTo("13900000001");
        assertThat(open.get(0).missCount()).isEqualTo(2);
        assertThat(open.get(0).supervisor()).isEqualTo("值班长");
    }

    /** A call the CTI saw arrive and queue before it went blind, closed by the resync as "lost". */
    private static CallRecord closedBlind(String uid, String num, long t, Instant resyncAt) {
        org.hotline.cti.domain.call.Call c =
                new org.hotline.cti.domain.call.Call(uid, num, "12345", Instant.ofEpochSecond(t, 100_000));
        c.apply(new org.hotline.cti.domain.call.CallEvent.Queued(
                uid, Instant.ofEpochSecond(t, 200_000), "enterprise-desk", 1));
        c.endUnseen(resyncAt, org.hotline.cti.domain.call.Call.ENDED_UNSEEN);
        return CallRecord.of(c);
    }

    @Test
    void callsClosedBlindAreCorrectedFromCel_theAnsweredOneClosesItsCallback_theTimedOutOneKeepsItsWithTheTrueReason()
            throws IOException {
        Instant resync = Instant.ofEpochSecond(T + 200);
        Clock clock = Clock.fixed(resync, ZoneOffset.UTC);
        recoveryAt(clock);
        recovery.recover(Instant.ofEpochSecond(T)); // a new database: follows from the end of the file

        // The server went down with two callers queued; the resync after it came back closed both blind.
        CallRecord servedBlind = closedBlind("pbx-1.4", "13900000004", T + 30, resync);
        CallRecord timedOutBlind = closedBlind("pbx-1.3", "13900000003", T + 20, resync);
        for (CallRecord r : List.of(servedBlind, timedOutBlind)) {
            assertThat(r.missedReason()).isEqualTo("lost");
            calls.save(r, r.timeline());
            service.callEnded(r);
        }
        assertThat(store.list(EnumSet.of(CallbackStatus.PENDING))).hasSize(2);

        cel(timeout("pbx-1.3", "13900000003", T + 20) + answered("pbx-1.4", "13900000004", T + 30));
        assertThat(recovery.recover(resync)).as("nothing new: both were known").isZero();

        CallRecord served = calls.find("pbx-1.4").orElseThrow();
        assertThat(served.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(served.agent()).isEqualTo("8101");
        assertThat(served.missedReason()).isNull();
        assertThat(served.endedAt()).isEqualTo(Instant.ofEpochSecond(T + 60, 100_000));
        assertThat(served.timeline())
                .extracting(t -> t.kind())
                .containsExactly("arrived", "queued", "answered", "ended");
        assertThat(served.timeline().get(3).detail()).contains("CEL");
        Callback notMissed = store.list(EnumSet.of(CallbackStatus.CLOSED)).get(0);
        assertThat(notMissed.number()).isEqualTo("13900000004");
        assertThat(notMissed.result()).isEqualTo(org.hotline.cti.domain.callback.CallbackResult.NOT_MISSED);
        assertThat(notMissed.note()).contains("8101");
        assertThat(notMissed.misses().get(0).reason()).isEqualTo(CallbackService.ANSWERED_UNSEEN);

        CallRecord timedOut = calls.find("pbx-1.3").orElseThrow();
        assertThat(timedOut.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(timedOut.missedReason()).isEqualTo("queue-timeout");
        assertThat(timedOut.endedAt()).isEqualTo(Instant.ofEpochSecond(T + 83, 100_000));
        List<Callback> open = store.list(EnumSet.of(CallbackStatus.PENDING));
        assertThat(open).singleElement().satisfies(cb -> {
            assertThat(cb.number()).isEqualTo("13900000003");
            assertThat(cb.misses()).extracting(m -> m.reason()).containsExactly("queue-timeout");
        });

        settings.save("cel:" + celFile.toAbsolutePath(), "0"); // the same lines read again change nothing
        assertThat(recovery.recover(resync)).isZero();
        assertThat(calls.find("pbx-1.4").orElseThrow()).isEqualTo(served);
        assertThat(store.list(EnumSet.of(CallbackStatus.PENDING))).hasSize(1);
        assertThat(store.list(EnumSet.of(CallbackStatus.CLOSED))).hasSize(1);
    }

    /** Issue 13 item 5: cti_calls_total agrees with the call records after a correction from CEL. */
    @Test
    void callsTotalCountsEachCallOnceUnderTheOutcomeItsRecordEndsWith() throws IOException {
        Instant resync = Instant.ofEpochSecond(T + 200);
        recoveryAt(Clock.fixed(resync, ZoneOffset.UTC));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        org.hotline.cti.metrics.CallMetrics metrics = new org.hotline.cti.metrics.CallMetrics(registry);
        recovery = new MissedCallRecovery(
                new CelCallHistory(celFile, Set.of("from-enterprise")), settings, calls, service, metrics);
        recovery.recover(Instant.ofEpochSecond(T)); // a new database: follows from the end of the file

        // Two callers queued when the CTI went blind; the resync closed both as abandoned ("lost").
        for (CallRecord r : List.of(
                closedBlind("pbx-1.4", "13900000004", T + 30, resync),
                closedBlind("pbx-1.3", "13900000003", T + 20, resync))) {
            calls.save(r, r.timeline());
            service.callEnded(r);
            metrics.callChanged(r, r.timeline().get(r.timeline().size() - 1));
        }
        // CEL: one of them was answered, the other timed out; a third call the CTI never saw was abandoned.
        cel(timeout("pbx-1.3", "13900000003", T + 20)
                + answered("pbx-1.4", "13900000004", T + 30)
                + abandoned("pbx-1.1", "13900000001", T + 40));
        recovery.recover(resync);

        List<CallRecord> records = calls.arrivedBetween(Instant.ofEpochSecond(T - 60), resync.plusSeconds(60));
        assertThat(records).hasSize(3);
        for (CallOutcome o : CallOutcome.values()) {
            long inRecords = records.stream().filter(r -> r.outcome() == o).count();
            assertThat(registry.get("cti.calls")
                            .tag("outcome", o.wireName())
                            .counter()
                            .count())
                    .as("cti_calls_total{outcome=%s}", o.wireName())
                    .isEqualTo((double) inRecords);
        }
        assertThat(registry.get("cti.calls")
                        .tag("outcome", "answered")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("cti.calls")
                        .tag("outcome", "abandoned")
                        .counter()
                        .count())
                .isEqualTo(2.0);

        settings.save("cel:" + celFile.toAbsolutePath(), "0"); // the same lines read again count nothing twice
        recovery.recover(resync);
        assertThat(registry.get("cti.calls").counters().stream()
                        .mapToDouble(io.micrometer.core.instrument.Counter::count)
                        .sum())
                .isEqualTo(3.0);
    }

    /** A call closed blind that CEL cannot correct keeps the resync's outcome, counted after the pass. */
    @Test
    void aBlindCallCelDoesNotKnowIsCountedAsTheResyncClosedIt() throws IOException {
        Instant resync = Instant.ofEpochSecond(T + 200);
        recoveryAt(Clock.fixed(resync, ZoneOffset.UTC));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        org.hotline.cti.metrics.CallMetrics metrics = new org.hotline.cti.metrics.CallMetrics(registry);
        recovery = new MissedCallRecovery(
                new CelCallHistory(celFile, Set.of("from-enterprise")), settings, calls, service, metrics);
        recovery.recover(Instant.ofEpochSecond(T));

        CallRecord r = closedBlind("pbx-1.7", "13900000007", T + 30, resync);
        calls.save(r, r.timeline());
        metrics.callChanged(r, r.timeline().get(r.timeline().size() - 1));
        assertThat(registry.get("cti.calls")
                        .tag("outcome", "abandoned")
                        .counter()
                        .count())
                .as("not yet: CEL may say otherwise")
                .isZero();
        recovery.recover(resync);
        assertThat(registry.get("cti.calls")
                        .tag("outcome", "abandoned")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
