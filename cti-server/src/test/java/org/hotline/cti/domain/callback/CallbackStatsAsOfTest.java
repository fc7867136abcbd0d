package org.hotline.cti.domain.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R18: a past day's report shows the callbacks pending and overdue at the end of that day, not now. */
class CallbackStatsAsOfTest {
    private static final Instant DAY_END = Instant.parse("2026-11-10T16:00:00Z"); // midnight in Shanghai

    private static Callback missed(String number, Instant at) {
        return Callback.open(number, new Miss("m-" + number, at, "no-answer"), new Callback.Assignment("王主管", "8201"));
    }

    @Test
    void countsWhatWasOpenAtTheEndOfTheDay() {
        Callback doneNextDay = missed("a", DAY_END.minusSeconds(3600))
                .record(CallbackResult.REACHED, "ok", "wang", DAY_END.plusSeconds(3600));
        Callback doneThatDay = missed("b", DAY_END.minusSeconds(7200))
                .record(CallbackResult.REACHED, "ok", "wang", DAY_END.minusSeconds(60));
        Callback stillOpenAndOverdue = missed("c", DAY_END.minusSeconds(2 * 86_400));
        Callback missedLater = missed("d", DAY_END.plusSeconds(60));

        CallbackStats s =
                CallbackStats.asOf(List.of(doneNextDay, doneThatDay, stillOpenAndOverdue, missedLater), DAY_END);

        assertThat(s.pending()).isEqualTo(2); // a (closed only the next day) and c
        assertThat(s.overdue()).isEqualTo(1); // c: due a day before
    }
}
