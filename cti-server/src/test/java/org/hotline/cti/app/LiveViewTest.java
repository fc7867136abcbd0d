package org.hotline.cti.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.junit.jupiter.api.Test;

class LiveViewTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final LiveView view = new LiveView();

    private static Call call(String id, int second) {
        return new Call(id, "138000000" + id.length(), "12345", T0.plusSeconds(second));
    }

    @Test
    void listsOldestFirstWhateverTheOrderTheCallsWereAddedIn() {
        view.put(CallRecord.of(call("c", 30)));
        view.put(CallRecord.of(call("a", 10)));
        view.put(CallRecord.of(call("b", 10)));
        view.put(CallRecord.of(call("d", 20)));

        // same arrival instant: by id, so the order is stable from one read to the next
        assertThat(view.snapshot()).extracting(CallRecord::id).containsExactly("a", "b", "d", "c");
        assertThat(view.size()).isEqualTo(4);
    }

    @Test
    void aChangedCallReplacesItsRecordInPlaceAndAnEndedOneLeaves() {
        Call a = new Call("a", null, "12345", T0); // caller not known yet
        view.put(CallRecord.of(a));
        view.put(CallRecord.of(call("b", 2)));
        a.learnCaller("13912345678");
        view.put(CallRecord.of(a));

        assertThat(view.snapshot()).extracting(CallRecord::id).containsExactly("a", "b");
        assertThat(view.find("a")).get().extracting(CallRecord::caller).isEqualTo("13912345678");

        view.remove(a);
        assertThat(view.snapshot()).extracting(CallRecord::id).containsExactly("b");
        assertThat(view.find("a")).isEmpty();
        view.remove(a); // twice is harmless
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void readersShareOneSnapshotUntilTheNextChange() {
        view.put(CallRecord.of(call("a", 1)));
        List<CallRecord> first = view.snapshot();
        assertThat(view.snapshot()).isSameAs(first);

        view.put(CallRecord.of(call("b", 2)));
        assertThat(view.snapshot()).isNotSameAs(first).hasSize(2);
        assertThat(first).hasSize(1); // what a reader already holds never changes under it
    }

    @Test
    void aReaderOnAnotherThreadAlwaysSeesAWholeOrderedList() {
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> problems = new ArrayList<>();
            while (!done.get()) {
                List<CallRecord> s = view.snapshot();
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < s.size(); i++) {
                    if (!ids.add(s.get(i).id())) {
                        problems.add("duplicate " + s.get(i).id());
                    }
                    if (i > 0 && s.get(i - 1).arrivedAt().isAfter(s.get(i).arrivedAt())) {
                        problems.add("out of order at " + i);
                    }
                }
            }
            return problems;
        });
        List<Call> window = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Call c = call("c" + i, i % 997);
            view.put(CallRecord.of(c));
            window.add(c);
            if (window.size() > 200) {
                view.remove(window.remove(0));
            }
        }
        done.set(true);
        assertThat(reader.join()).isEmpty();
        assertThat(view.size()).isEqualTo(200);
        assertThat(view.snapshot()).hasSize(200);
    }
}
