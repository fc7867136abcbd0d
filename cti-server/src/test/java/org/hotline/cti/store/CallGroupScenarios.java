package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hotline.cti.app.port.CallStore.Write;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/** Issue 14's group commit, the same on H2 (JdbcCallStoreTest) and PostgreSQL (PostgresStoreIT). */
final class CallGroupScenarios {
    private CallGroupScenarios() {}

    /** New calls, updates, a correction and a correction of a call never stored, each group all or nothing. */
    static void groupsAreStoredWholeAndPortably(JdbcCallStore store, Instant t0, String prefix) {
        List<Call> calls = new ArrayList<>();
        List<Write> first = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Call c = new Call(prefix + i, "1370000" + String.format("%04d", i), "12345", t0.plusSeconds(i));
            c.apply(new CallEvent.Queued(c.id(), t0.plusSeconds(i + 1), "企业专席", 1));
            calls.add(c);
            first.add(new Write(CallRecord.of(c), c.timeline(), false)); // arrived + queued: two steps
        }
        store.saveAll(first);
        assertThat(store.countArrivedBetween(t0, t0.plusSeconds(60))).isEqualTo(30);

        List<Write> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Call c = calls.get(i);
            TimelineEntry a = c.apply(new CallEvent.Answered(c.id(), t0.plusSeconds(i + 3), "8101"))
                    .orElseThrow();
            TimelineEntry e = c.apply(new CallEvent.Ended(c.id(), t0.plusSeconds(i + 90), 16, "Normal Clearing"))
                    .orElseThrow();
            second.add(new Write(CallRecord.of(c), List.of(a, e), false));
        }
        // A correction of a stored call rewrites its timeline; one of a call never stored inserts it.
        Call corrected = new Call(prefix + 25, calls.get(25).caller(), "12345", t0.plusSeconds(25));
        corrected.apply(new CallEvent.Ended(corrected.id(), t0.plusSeconds(70), 16, "Normal Clearing"));
        second.add(new Write(CallRecord.of(corrected), List.of(), true));
        Call unseen = new Call(prefix + "unseen", "13690000000", "12345", t0.plusSeconds(40));
        unseen.apply(new CallEvent.Ended(unseen.id(), t0.plusSeconds(50), 16, ""));
        second.add(new Write(CallRecord.of(unseen), List.of(), true));
        store.saveAll(second);

        for (int i = 0; i < 30; i++) {
            Call c = i == 25 ? corrected : calls.get(i);
            CallRecord back = store.find(c.id()).orElseThrow();
            assertThat(back.timeline()).isEqualTo(c.timeline());
            assertThat(back.queue()).isEqualTo(c.queue());
        }
        assertThat(store.find(prefix + 3).orElseThrow().outcome()).isEqualTo(CallOutcome.ANSWERED);
        assertThat(store.find(unseen.id()).orElseThrow().timeline()).isEqualTo(unseen.timeline());
        assertThat(store.countArrivedBetween(t0, t0.plusSeconds(60))).isEqualTo(31);
        assertThat(store.countArrivedBetween(t0, t0.plusSeconds(60), Set.of(prefix + 0, prefix + 1, "nobody")))
                .isEqualTo(29);

        // One bad write (a step stored twice) and the whole group is refused: nothing half-stored.
        Call fresh = new Call(prefix + "fresh", "13690000001", "12345", t0.plusSeconds(45));
        Call again = calls.get(0);
        assertThatThrownBy(() -> store.saveAll(List.of(
                        new Write(CallRecord.of(fresh), fresh.timeline(), false),
                        new Write(CallRecord.of(again), again.timeline().subList(0, 1), false))))
                .hasMessageContaining("cannot save 2 call(s)");
        assertThat(store.find(fresh.id())).isEmpty();
        assertThat(store.find(again.id()).orElseThrow().timeline()).isEqualTo(again.timeline());
    }
}
