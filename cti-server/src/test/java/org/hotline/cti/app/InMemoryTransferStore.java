package org.hotline.cti.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;

/** A hand-written fake of the transfer store: attempts in order of creation, wrap-ups by call. */
public final class InMemoryTransferStore implements TransferStore {
    private final List<TransferRecord> attempts = new ArrayList<>();
    private final List<Wrapup> wrapups = new ArrayList<>();
    private long lastId;
    /** Fault injection: every call fails as with the database away. */
    public volatile boolean failing;
    /** Each write as it commits ({@code insert T1 70001 requested}, {@code update T1 ringing}): one entry per commit. */
    public volatile List<String> journal = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How many times the day's three-way calls were counted (each a query on a real database). */
    public final java.util.concurrent.atomic.AtomicInteger countQueries =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Runs as each write commits (e.g. moves a test's clock by what a commit takes). */
    public volatile Runnable onCommit = () -> {};

    private void check() {
        if (failing) {
            throw new org.hotline.cti.CtiException(
                    org.hotline.cti.ErrorId.STORE_FAILED, "cannot store transfer attempt: database away");
        }
    }

    /** Stores the attempt; a draft without an id (0) gets the next one, as the database's identity does. */
    @Override
    public synchronized long create(TransferRecord attempt) {
        check();
        long id = attempt.id() == 0 ? ++lastId : attempt.id();
        lastId = Math.max(lastId, id);
        attempts.add(new TransferRecord(
                id,
                attempt.callId(),
                attempt.caller(),
                attempt.matter(),
                attempt.matterName(),
                attempt.department(),
                attempt.departmentName(),
                attempt.room(),
                attempt.requestedBy(),
                attempt.requestedAt(),
                attempt.state(),
                attempt.cause(),
                attempt.target(),
                attempt.connectedAt(),
                attempt.endedAt(),
                attempt.overrideBy(),
                attempt.overrideReason(),
                attempt.workOrderId()));
        return id;
    }

    @Override
    public synchronized TransferRecord createNumbered(
            TransferRecord draft, java.util.function.LongFunction<String> room) {
        check();
        long id = ++lastId;
        TransferRecord stored = draft.numbered(id, room.apply(id));
        attempts.add(stored);
        onCommit.run();
        journal.add("insert " + stored.ref() + " " + stored.room() + " "
                + stored.state().wireName());
        return stored;
    }

    @Override
    public synchronized long countThreeWayBetween(Instant from, Instant to) {
        check();
        countQueries.incrementAndGet();
        return requestedBetween(from, to).stream()
                .filter(a -> a.outcome() != org.hotline.cti.domain.transfer.TransferOutcome.FAILED)
                .count();
    }

    @Override
    public synchronized void update(TransferRecord attempt) {
        check();
        attempts.replaceAll(a -> a.id() == attempt.id() ? attempt : a);
        onCommit.run();
        journal.add("update " + attempt.ref() + " " + attempt.state().wireName());
    }

    @Override
    public synchronized Optional<TransferRecord> find(long id) {
        check();
        return attempts.stream().filter(a -> a.id() == id).findFirst();
    }

    @Override
    public synchronized List<TransferRecord> requestedBetween(Instant from, Instant to) {
        check();
        return attempts.stream()
                .filter(a -> !a.requestedAt().isBefore(from) && a.requestedAt().isBefore(to))
                .toList();
    }

    @Override
    public synchronized List<TransferRecord> unfinished() {
        check();
        return attempts.stream().filter(a -> a.outcome() == null).toList();
    }

    @Override
    public synchronized void saveWrapup(Wrapup wrapup) {
        // As the database's: one wrap-up per call and agent, the newer replacing the older.
        wrapups.removeIf(w -> w.callId().equals(wrapup.callId()) && w.agent().equals(wrapup.agent()));
        wrapups.add(wrapup);
    }

    @Override
    public synchronized java.util.Optional<org.hotline.cti.app.transfer.RecordedEnterprise> lastEnterprise(
            String caller) {
        return java.util.Optional.empty(); // calls are not kept here: the JDBC store is tested for this
    }

    @Override
    public synchronized List<org.hotline.cti.app.transfer.RecordedEnterprise> lastEnterprises() {
        return List.of();
    }

    @Override
    public synchronized List<Wrapup> wrapupsBetween(Instant from, Instant to) {
        return wrapups.stream()
                .filter(w -> !w.at().isBefore(from) && w.at().isBefore(to))
                .toList();
    }
}
