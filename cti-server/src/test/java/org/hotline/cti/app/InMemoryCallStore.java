package org.hotline.cti.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.app.port.CallStore;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/** A hand-written fake store that also checks no timeline step is ever stored twice. */
public final class InMemoryCallStore implements CallStore {
    private final Map<String, CallRecord> calls = new LinkedHashMap<>();
    private final Map<String, List<TimelineEntry>> steps = new LinkedHashMap<>();
    public volatile boolean failing;
    /** Transactions committed by {@link #saveAll} (a group commit each). */
    public int transactions;
    /** Called at the start of every {@link #saveAll}, before anything is stored: a test's hook to fail or hold it. */
    public volatile Runnable beforeTransaction = () -> {};

    @Override
    public synchronized void save(CallRecord call, List<TimelineEntry> newEntries) {
        if (failing) {
            throw new IllegalStateException("disk full");
        }
        calls.put(call.id(), call);
        List<TimelineEntry> list = steps.computeIfAbsent(call.id(), k -> new ArrayList<>());
        list.addAll(newEntries);
        if (!list.equals(call.timeline())) {
            throw new AssertionError("stored steps " + list + " differ from the call's timeline " + call.timeline());
        }
    }

    /** All or nothing, as one SQL transaction: a failure leaves every call as it was. */
    @Override
    public void saveAll(List<Write> writes) {
        beforeTransaction.run();
        synchronized (this) {
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            for (Write w : writes) {
                if (w.replace()) {
                    calls.put(w.call().id(), w.call());
                    steps.put(w.call().id(), new ArrayList<>(w.call().timeline()));
                } else {
                    save(w.call(), w.newEntries());
                }
            }
            transactions++;
        }
    }

    @Override
    public synchronized void replace(CallRecord call) {
        if (!calls.containsKey(call.id())) {
            throw new AssertionError("replacing call " + call.id() + " that was never stored");
        }
        calls.put(call.id(), call);
        steps.put(call.id(), new ArrayList<>(call.timeline()));
    }

    @Override
    public synchronized List<CallRecord> arrivedBetween(Instant from, Instant to) {
        return calls.values().stream()
                .filter(c -> !c.arrivedAt().isBefore(from) && c.arrivedAt().isBefore(to))
                .toList();
    }

    @Override
    public synchronized List<CallRecord> recentFrom(String caller, int limit) {
        List<CallRecord> mine = new ArrayList<>(
                calls.values().stream().filter(c -> c.caller().equals(caller)).toList());
        java.util.Collections.reverse(mine);
        return mine.stream().limit(limit).toList();
    }

    @Override
    public synchronized long countArrivedBetween(Instant from, Instant to) {
        return arrivedBetween(from, to).size();
    }

    @Override
    public synchronized List<CallRecord> open() {
        return calls.values().stream().filter(c -> c.endedAt() == null).toList();
    }

    @Override
    public synchronized Optional<CallRecord> find(String id) {
        return Optional.ofNullable(calls.get(id));
    }

    public synchronized List<CallRecord> all() {
        return List.copyOf(calls.values());
    }
}
