package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hotline.cti.app.port.DialplanLoadStore.LoadRecord;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.domain.dialtest.DialTestResult;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flyway migrations and every JDBC store against a real PostgreSQL (DESIGN.md: "PostgreSQL by
 * JDBC URL, tested in CI against a real PostgreSQL"); the unit tests cover the same stores on H2.
 * {@code .ci/setup} starts the database. Each run migrates a schema of its own and drops it after,
 * so runs never see each other's rows and a developer's data in the {@code cti} database is left
 * alone. An unreachable database fails the test: it never skips, so CI cannot pass silently.
 *
 * <p>Env: {@code CTI_TEST_PG_URL} (default {@value #DEFAULT_URL}), {@code CTI_TEST_PG_USER}
 * (default {@code cti}), {@code CTI_TEST_PG_PASSWORD} (default: the test-only one .ci/setup sets).
 */
class PostgresStoreIT {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/cti";
    // Microseconds on purpose: PostgreSQL keeps 6 digits, as do AMI timestamps.
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00.123456Z");

    private static String url;
    private static String user;
    private static String password;
    private static String schema;
    private static Database db;

    @BeforeAll
    static void migrateAFreshSchema() throws SQLException {
        url = env("CTI_TEST_PG_URL", DEFAULT_URL);
        user = env("CTI_TEST_PG_USER", "cti");
        password = env("CTI_TEST_PG_PASSWORD", "cti-test-only");
        schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new SQLException(
                    "PostgreSQL not reachable at " + url + " as " + user
                            + " (run .ci/setup as root, or set CTI_TEST_PG_URL/USER/PASSWORD): " + e.getMessage(),
                    e);
        }
        db = Database.open(inSchema(), user, password);
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(url, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static String inSchema() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void migrationsAreAppliedOnceAndReopeningIsANoOp() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            // Every migration on the class path, once, in version order (versions need not be contiguous:
            // parallel work takes separate ranges).
            java.util.List<Integer> applied = new java.util.ArrayList<>();
            while (rs.next()) {
                applied.add(Integer.parseInt(rs.getString("version")));
                assertThat(rs.getBoolean("success")).isTrue();
            }
            assertThat(applied).isEqualTo(migrationVersions()).hasSizeGreaterThanOrEqualTo(4);
        }
        // A restart of the server opens the same database again: Flyway validates and changes nothing.
        try (Database again = Database.open(inSchema(), user, password)) {
            assertThat(again.ok()).isTrue();
        }
    }

    @Test
    void callsAndTimelinesRoundTrip() {
        JdbcCallStore store = new JdbcCallStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
        Call call = new Call("1795834691.826", "13800000001", "12345", T0);
        store.save(CallRecord.of(call), call.timeline());
        assertThat(store.open()).extracting(CallRecord::id).contains("1795834691.826");

        TimelineEntry q = call.apply(new CallEvent.Queued(call.id(), T0.plusSeconds(1), "企业专席", 1))
                .orElseThrow();
        store.save(CallRecord.of(call), List.of(q));
        TimelineEntry a = call.apply(new CallEvent.Answered(call.id(), T0.plusSeconds(4), "8101"))
                .orElseThrow();
        TimelineEntry e = call.apply(new CallEvent.Ended(call.id(), T0.plusSeconds(90), 16, "Normal Clearing"))
                .orElseThrow();
        store.save(CallRecord.of(call), List.of(a, e));

        CallRecord back = store.find(call.id()).orElseThrow();
        assertThat(back.outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(back.agent()).isEqualTo("8101");
        assertThat(back.queue()).isEqualTo("企业专席");
        assertThat(back.arrivedAt()).isEqualTo(T0);
        assertThat(back.endedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(back.endCause()).isEqualTo(16);
        assertThat(back.afterHours()).isFalse();
        assertThat(back.timeline()).isEqualTo(call.timeline());
        assertThat(store.open()).extracting(CallRecord::id).doesNotContain(call.id());
        assertThat(store.arrivedBetween(T0, T0.plusSeconds(1)))
                .extracting(CallRecord::id)
                .containsExactly(call.id());
        assertThat(store.countArrivedBetween(T0, T0.plusSeconds(1))).isEqualTo(1);
        assertThat(store.arrivedBetween(T0.plusSeconds(1), T0.plusSeconds(100))).isEmpty();

        // The (call_id, seq) key refuses a step stored twice, and the transaction keeps what was there.
        assertThatThrownBy(() -> store.save(CallRecord.of(call), List.of(e))).hasMessageContaining("cannot save call");
        assertThat(store.find(call.id()).orElseThrow().timeline())
                .hasSize(call.timeline().size());

        Call later = new Call("1795834700.900", "13800000001", "12345", T0.plusSeconds(3600));
        later.apply(new CallEvent.AfterHours(later.id(), T0.plusSeconds(3600)));
        store.save(CallRecord.of(later), later.timeline());
        assertThat(store.recentFrom("13800000001", 1))
                .extracting(CallRecord::id)
                .containsExactly(later.id());
        assertThat(store.recentFrom("13800000001", 5))
                .extracting(CallRecord::id)
                .containsExactly(later.id(), call.id());
    }

    @Test
    void aGroupOfCallWritesIsOneTransactionAllOrNothing() {
        CallGroupScenarios.groupsAreStoredWholeAndPortably(
                new JdbcCallStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC)),
                T0.plusSeconds(86_400),
                "pg-group-");
    }

    @Test
    void transfersAndWrapupsRoundTrip() {
        JdbcTransferStore store = new JdbcTransferStore(db.dataSource(), new JdbcTransferStore.NameLookup() {
            @Override
            public String matterName(String code) {
                return "留抵退税";
            }

            @Override
            public String departmentName(String code) {
                return "税务局";
            }
        });
        TransferRecord req = new TransferRecord(
                0,
                "c1",
                "13800000001",
                "tax-refund",
                null,
                "tax",
                null,
                "",
                "8101",
                T0,
                org.hotline.cti.domain.transfer.TransferAttempt.State.REQUESTED,
                null,
                null,
                null,
                null,
                "supervisor",
                "领导批准",
                null);
        long id = store.create(req);
        assertThat(id).isPositive();
        assertThat(store.create(req)).as("identity column counts up").isGreaterThan(id);

        TransferRecord connected = new TransferRecord(
                id,
                "c1",
                "13800000001",
                "tax-refund",
                null,
                "tax",
                null,
                "3001",
                "8101",
                T0,
                org.hotline.cti.domain.transfer.TransferAttempt.State.CONNECTED,
                null,
                "sip:tax@127.0.0.3:5071",
                T0.plusSeconds(12),
                T0.plusSeconds(300),
                "supervisor",
                "领导批准",
                7L);
        store.update(connected);
        TransferRecord back = store.find(id).orElseThrow();
        assertThat(back.state()).isEqualTo(org.hotline.cti.domain.transfer.TransferAttempt.State.CONNECTED);
        assertThat(back.departmentName()).isEqualTo("税务局");
        assertThat(back.connectedAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(back.workOrderId()).isEqualTo(7L);
        assertThat(back.overrideReason()).isEqualTo("领导批准");
        assertThat(store.find(id + 1).orElseThrow().workOrderId()).isNull();
        assertThat(store.requestedBetween(T0, T0.plusSeconds(1)))
                .extracting(TransferRecord::id)
                .containsExactly(id, id + 1);
        assertThat(store.find(-1)).isEmpty();

        store.saveWrapup(new Wrapup("c1", "8101", "tax-refund", "transferred", "先记", T0.plusSeconds(400)));
        store.saveWrapup(new Wrapup("c1", "8101", "tax-refund", "direct", "已解答", T0.plusSeconds(401)));
        assertThat(store.wrapupsBetween(T0, T0.plusSeconds(1000)))
                .containsExactly(new Wrapup("c1", "8101", "tax-refund", "direct", "已解答", T0.plusSeconds(401)));
        // The screen pop's enterprise: the wrap-up joined to the call's number (LIMIT on PostgreSQL too).
        org.hotline.cti.domain.call.Call call = new org.hotline.cti.domain.call.Call(
                "c9",
                "13800000009",
                "12345",
                T0.minus(Duration.ofDays(30))); // outside the other tests' windows (the database is shared)
        new JdbcCallStore(db.dataSource(), java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC))
                .save(org.hotline.cti.domain.call.CallRecord.of(call), call.timeline());
        store.saveWrapup(new Wrapup(
                "c9",
                "8101",
                null,
                "direct",
                null,
                "杭州青禾科技有限公司",
                T0.minus(Duration.ofDays(30)).plusSeconds(500)));
        assertThat(store.enterpriseOf("13800000009")).contains("杭州青禾科技有限公司");
        assertThat(store.enterpriseOf("13800000001")).isEmpty();
        // The same, for every caller in one read (the server's memory at start; a window function).
        assertThat(store.lastEnterprises())
                .filteredOn(r -> r.caller().equals("13800000009"))
                .singleElement()
                .satisfies(r -> assertThat(r.enterprise()).isEqualTo("杭州青禾科技有限公司"))
                .satisfies(r -> assertThat(r.callId()).isEqualTo("c9"));
    }

    @Test
    void workOrdersRoundTripWithTheirTrailAndEscalationsOncePerCause() {
        WorkOrderStoreScenarios.lifecycleRoundTrip(db.dataSource());
    }

    @Test
    void callbacksRosterAndCheckpointsRoundTrip() {
        JdbcCallbackStore store = new JdbcCallbackStore(db.dataSource());
        Callback cb = store.insert(Callback.open(
                "13900000001", new Miss("m1", T0, "caller-hangup"), new Callback.Assignment("李静", "8901")));
        assertThat(cb.id()).isPositive();
        assertThat(store.hasMiss("m1")).isTrue();
        Callback folded = cb.fold(new Miss("m2", T0.plusSeconds(600), "queue-timeout"));
        store.update(folded);
        store.update(folded); // the same misses again: stored once
        Callback read = store.openFor("13900000001").orElseThrow();
        assertThat(read.missCount()).isEqualTo(2);
        assertThat(read.misses()).extracting(Miss::reason).containsExactly("caller-hangup", "queue-timeout");
        assertThat(read.dueAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        Instant now = T0.plus(Duration.ofHours(24)).plusSeconds(1);
        assertThat(store.stats(now)).isEqualTo(new CallbackStats(1, 1));
        assertThat(store.overdue(now.minusSeconds(60), now)).hasSize(1);

        store.update(read.record(CallbackResult.REACHED, "已告知办理结果", "supervisor", now));
        assertThat(store.openFor("13900000001")).isEmpty();
        assertThat(store.list(EnumSet.of(CallbackStatus.REACHED)))
                .extracting(Callback::note)
                .containsExactly("已告知办理结果");
        assertThat(store.stats(now)).isEqualTo(new CallbackStats(0, 0));

        JdbcRosterStore roster = new JdbcRosterStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
        SupervisorShift wang =
                new SupervisorShift("王芳", "8902", Set.of(DayOfWeek.MONDAY), TimeRange.parse("20:00-08:00"));
        SupervisorShift li =
                new SupervisorShift("李静", "8901", Set.of(DayOfWeek.TUESDAY), TimeRange.parse("08:00-20:00"));
        roster.saveSupervisors(List.of(wang), "admin", T0);
        roster.saveSupervisors(List.of(li), "admin", T0.plusSeconds(1));
        assertThat(roster.latestSupervisors()).contains(List.of(li));
        roster.save("cel:/var/log/asterisk/cel.csv", "10");
        roster.save("cel:/var/log/asterisk/cel.csv", "42");
        assertThat(roster.position("cel:/var/log/asterisk/cel.csv")).contains("42");
    }

    @Test
    void dialTestsAndDialplanLoadsRoundTrip() {
        JdbcDialTestStore tests = new JdbcDialTestStore(db.dataSource());
        tests.runStarted("run-1", "manual", "admin", null, T0);
        DialTestResult ok = new DialTestResult(
                "run-1", "tax", "sip:tax@127.0.0.3:5071", T0, T0.plusSeconds(3), true, null, Duration.ofMillis(2345));
        DialTestResult dead = new DialTestResult(
                "run-1",
                "dead",
                "sip:dead@127.0.0.3:5079",
                T0.plusSeconds(4),
                T0.plusSeconds(34),
                false,
                "no-answer",
                null);
        tests.save(ok);
        tests.save(dead);
        tests.runFinished("run-1", T0.plusSeconds(35));
        assertThat(tests.ofRun("run-1")).containsExactly(ok, dead);
        assertThat(tests.history(1)).containsExactly(dead);
        assertThat(tests.latestOf("sip:tax@127.0.0.3:5071", 5)).containsExactly(ok);

        JdbcDialplanLoadStore loads = new JdbcDialplanLoadStore(db.dataSource());
        LoadRecord first = loads.save(new LoadRecord(
                0, "admin", T0, "ab12", List.of("hotline.conf", "transfer.conf"), "loaded", "已加载", null));
        LoadRecord second = loads.save(new LoadRecord(
                0, "admin", T0.plusSeconds(60), "cd34", List.of(), "rejected", "syntax error line 3", null));
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(loads.latest(1)).containsExactly(second);
        assertThat(loads.latest(10)).containsExactly(second, first);
    }

    @Test
    void knowledgeBaseRoundTrips() {
        JdbcKbStoreTest.roundTrips(new JdbcKbStore(db.dataSource()));
    }

    private static java.util.List<Integer> migrationVersions() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                Database.class.getResource("/db/migration").toURI()))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .sorted()
                    .toList();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rotationOutreachPushOutboxAndSurveyAnswersRoundTrip() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 3);
        org.hotline.cti.domain.rotation.MarketEntity entity =
                new org.hotline.cti.domain.rotation.MarketEntity("双鸭山市某某农业有限公司", "91230500MA1BXXXX3K");
        // R5: a service with the department it was given for (V100).
        JdbcRotationStore rotation = new JdbcRotationStore(db.dataSource());
        rotation.saveService(
                day,
                new org.hotline.cti.domain.rotation.EntityServed(
                        entity, org.hotline.cti.domain.rotation.ServiceKind.POLICY_PUSH, "推送", "tax", "tax", T0));
        assertThat(rotation.services(day))
                .singleElement()
                .satisfies(e -> assertThat(e.department()).isEqualTo("tax"));

        // R5: a call to the entity and its result.
        JdbcOutreachCallStore calls = new JdbcOutreachCallStore(db.dataSource());
        var call = calls.create(new org.hotline.cti.domain.rotation.OutreachCall(
                0,
                day,
                entity,
                "04694221234",
                org.hotline.cti.domain.rotation.ServiceKind.INTERPRETATION,
                "tax",
                "tax",
                "7101",
                "oc-20260303-1",
                "dialling",
                T0,
                null,
                null,
                null));
        calls.legStatus("oc-20260303-1", "ended");
        calls.result(call.id(), org.hotline.cti.domain.rotation.OutreachCall.Result.REACHED, "已解读", T0.plusSeconds(60));
        assertThat(calls.bySession(day)).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("ended");
            assertThat(c.result()).isEqualTo(org.hotline.cti.domain.rotation.OutreachCall.Result.REACHED);
            assertThat(c.resultAt()).isEqualTo(T0.plusSeconds(60));
        });

        // R5: the push outbox: queued, collected once (then offered again after the lease), settled.
        JdbcPushOutbox outbox = new JdbcPushOutbox(db.dataSource());
        var campaign = outbox.create(
                new org.hotline.cti.domain.rotation.PushCampaign(
                        0, day, "tax", "六税两费减免", "可减半征收。", "名单.csv", "tax", T0),
                List.of(new org.hotline.cti.domain.rotation.PushMessage(
                        0,
                        0,
                        2,
                        entity,
                        "04694221234",
                        "王经理",
                        "【12345惠企通】…",
                        org.hotline.cti.domain.rotation.PushMessage.Status.QUEUED,
                        null,
                        null,
                        null,
                        null)));
        var queued = outbox.messages(campaign.id()).get(0);
        java.time.Duration lease = java.time.Duration.ofMinutes(10);
        assertThat(outbox.collect("sms", 10, T0, lease)).extracting(m -> m.id()).containsExactly(queued.id());
        assertThat(outbox.collect("sms", 10, T0.plusSeconds(60), lease)).isEmpty();
        assertThat(outbox.collect("sms-2", 10, T0.plus(lease).plusSeconds(1), lease))
                .extracting(m -> m.collector())
                .containsExactly("sms-2");
        assertThat(outbox.settle(
                        queued.id(),
                        org.hotline.cti.domain.rotation.PushMessage.Status.DELIVERED,
                        null,
                        T0.plus(lease).plusSeconds(5)))
                .isTrue();
        assertThat(outbox.messages(campaign.id())).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo(org.hotline.cti.domain.rotation.PushMessage.Status.DELIVERED);
            assertThat(m.contact()).isEqualTo("王经理");
        });
        assertThat(outbox.campaigns(day)).extracting(c -> c.title()).containsExactly("六税两费减免");
        assertThat(outbox.outbox(org.hotline.cti.domain.rotation.PushMessage.Status.DELIVERED, 10))
                .hasSize(1);

        // R7: survey answers, one left for a work order.
        JdbcSurveyStore surveys = new JdbcSurveyStore(db.dataSource());
        surveys.save(java.util.List.of(
                new org.hotline.cti.domain.rotation.SurveyAnswer(
                        0, day, entity, "04694221234", "overall", "总体是否满意？", "满意", null, null, "8001", null, T0),
                new org.hotline.cti.domain.rotation.SurveyAnswer(
                        0, day, entity, "04694221234", "needs", "需协调的问题？", null, "用地审批", 42L, "8001", null, T0)));
        assertThat(surveys.bySession(day)).extracting(a -> a.workOrderId()).containsExactly(null, 42L);
    }
}
