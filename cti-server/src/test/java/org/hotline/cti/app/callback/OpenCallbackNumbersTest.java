package org.hotline.cti.app.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.domain.callback.Callback;
import org.hotline.cti.domain.callback.CallbackResult;
import org.hotline.cti.domain.callback.Miss;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallbackStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: whether a number waits for its callback (R11, caller recognition at arrival) is
 * answered from memory, and always as the database would answer it: at start, and after every
 * write the service makes.
 */
class OpenCallbackNumbersTest {
    private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    private static final List<String> NUMBERS = List.of("13900000001", "13900000002", "13900000003");
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcCallbackStore store = new JdbcCallbackStore(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    private static Callback fresh(String number, String callId) {
        return Callback.open(number, new Miss(callId, T0, "caller-hangup"), new Callback.Assignment("李静", "8901"));
    }

    /** The memory, and a server started now (a fresh load), both answer as {@code openFor} on the database. */
    private void agreesWithTheDatabase(OpenCallbackNumbers memory) {
        OpenCallbackNumbers restarted = new OpenCallbackNumbers(store);
        for (String n : NUMBERS) {
            boolean db = store.openFor(n).isPresent();
            assertThat(memory.hasOpen(n)).as(n).isEqualTo(db);
            assertThat(restarted.hasOpen(n)).as(n + " after a restart").isEqualTo(db);
        }
    }

    @Test
    void loadedAtStartThenFollowsEveryInsertAndUpdate() {
        Callback before = store.insert(fresh(NUMBERS.get(0), "c0")); // open before this server started
        Callback done = store.insert(fresh(NUMBERS.get(1), "c1"));
        store.update(done.record(CallbackResult.REACHED, "已回访", "supervisor", T0.plusSeconds(60)));

        OpenCallbackNumbers memory = new OpenCallbackNumbers(store);
        assertThat(memory.hasOpen(NUMBERS.get(0))).isTrue();
        assertThat(memory.hasOpen(NUMBERS.get(1))).isFalse();
        agreesWithTheDatabase(memory);

        Callback third = memory.insert(fresh(NUMBERS.get(2), "c2"));
        assertThat(memory.hasOpen(NUMBERS.get(2))).isTrue();
        agreesWithTheDatabase(memory);

        Callback dialling = third.dialling("PJSIP/8901-0001", "8901");
        memory.update(dialling); // still the supervisor's to do
        assertThat(memory.hasOpen(NUMBERS.get(2))).isTrue();
        agreesWithTheDatabase(memory);

        memory.update(dialling.dialEnded("PJSIP/8901-0001", "no-answer"));
        Callback again = before.answeredAgain("c9", T0.plusSeconds(100)); // called again, answered: still open
        memory.update(again);
        assertThat(memory.hasOpen(NUMBERS.get(0))).isTrue();
        memory.update(again.closeAnsweredAgain("又来电已接听", "supervisor", T0.plusSeconds(120)));
        assertThat(memory.hasOpen(NUMBERS.get(0))).isFalse();
        agreesWithTheDatabase(memory);

        Callback reached = store.openFor(NUMBERS.get(2))
                .orElseThrow()
                .record(CallbackResult.REACHED, "已告知", "supervisor", T0.plusSeconds(180));
        memory.update(reached);
        assertThat(memory.hasOpen(NUMBERS.get(2))).isFalse();
        agreesWithTheDatabase(memory);
        assertThat(memory.hasOpen(null)).isFalse();
        assertThat(memory.size()).isZero();
    }
}
