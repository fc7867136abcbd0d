package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.CallbackStats;
import org.hotline.cti.domain.callback.CallbackStatus;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.domain.callback.OverdueCallback;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcCallbackStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcCallbackStore store = new JdbcCallbackStore(db.dataSource());
    private final JdbcRosterStore settings = new JdbcRosterStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        db.close();
    }

    private static Callback fresh(String number, String callId, Instant at) {
        return Callback.open(number, new Miss(callId, at, "caller-hangup"), new Callback.Assignment("李静", "8901"));
    }

    @Test
    void storesFoldsAndReadsBackACallbackWithItsMissesAndChineseText() {
        Callback cb = store.insert(fresh("13900000001", "c1", T0));
        assertThat(cb.id()).isPositive();
        assertThat(store.hasMiss("c1")).isTrue();
        assertThat(store.hasMiss("c2")).isFalse();

        Callback folded = cb.fold(new Miss("c2", T0.plusSeconds(600), "queue-timeout"));
        store.update(folded);
        store.update(folded); // the same misses again: stored once
        Callback read = store.openFor("13900000001").orElseThrow();
        assertThat(read.missCount()).isEqualTo(2);
        assertThat(read.misses()).extracting(Miss::reason).containsExactly("caller-hangup", "queue-timeout");
        store.update(read.withMissReason("c2", "after-hours")); // corrected from the PBX's records
        assertThat(store.find(cb.id()).orElseThrow().misses())
                .extracting(Miss::reason)
                .containsExactly("caller-hangup", "after-hours");
        assertThat(read.supervisor()).isEqualTo("李静");
        assertThat(read.dueAt()).isEqualTo(T0.plus(Duration.ofHours(24)));

        Callback done = read.record(CallbackResult.REACHED, "已告知办理结果", "supervisor", T0.plusSeconds(3600));
        store.update(done);
        assertThat(store.openFor("13900000001")).isEmpty();
        Callback back = store.find(cb.id()).orElseThrow();
        assertThat(back.status()).isEqualTo(CallbackStatus.REACHED);
        assertThat(back.note()).isEqualTo("已告知办理结果");
        assertThat(back.attempts()).isEqualTo(1);
        assertThat(store.list(EnumSet.of(CallbackStatus.REACHED)))
                .extracting(Callback::id)
                .containsExactly(cb.id());
        assertThat(store.list(EnumSet.of(CallbackStatus.PENDING))).isEmpty();
    }

    @Test
    void countsPendingAndOverdueAndListsOverdueRowsForTheReport() {
        store.insert(fresh("13900000001", "a", T0));
        store.insert(fresh("13900000002", "b", T0.plus(Duration.ofHours(20))));
        Callback late = store.insert(fresh("13900000003", "c", T0.minus(Duration.ofHours(1))));
        Instant now = T0.plus(Duration.ofHours(24)).plusSeconds(1);
        assertThat(store.stats(now)).isEqualTo(new CallbackStats(3, 2));

        store.update(late.record(CallbackResult.REACHED, null, "s", now));
        assertThat(store.stats(now)).isEqualTo(new CallbackStats(2, 1));
        List<OverdueCallback> rows = store.overdue(now.minus(Duration.ofHours(12)), now.plusSeconds(60));
        assertThat(rows).extracting(OverdueCallback::number).containsExactly("13900000003", "13900000001");
        assertThat(rows.get(0).closedAt()).as("done late, still reported (R18)").isEqualTo(now);
        assertThat(rows.get(1).supervisor()).isEqualTo("李静");
        assertThat(rows.get(1).overdueBy()).isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void keepsTheLatestDutySupervisorListAndCheckpoints() {
        assertThat(settings.latestSupervisors()).isEmpty();
        SupervisorShift wang =
                new SupervisorShift("王芳", "8902", Set.of(DayOfWeek.MONDAY), TimeRange.parse("20:00-08:00"));
        settings.saveSupervisors(List.of(wang), "admin", T0);
        assertThat(settings.latestSupervisors()).contains(List.of(wang));
        assertThat(settings.position("cel:x")).isEmpty();
        settings.save("cel:x", "10");
        settings.save("cel:x", "42");
        assertThat(settings.position("cel:x")).contains("42");
    }
}
