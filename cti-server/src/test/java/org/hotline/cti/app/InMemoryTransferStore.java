package org.hotline.cti.app;

import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A hand-written fake of the transfer store: attempts in order of creation, wrap-ups by call. */
public final class InMemoryTransferStore implements TransferStore {
    private final List<TransferRecord> attempts = new ArrayList<>();
    private final List<Wrapup> wrapups = new ArrayList<>();

    @Override
    public synchronized long create(TransferRecord attempt) {
        attempts.add(attempt);
        return attempt.id();
    }

    @Override
    public synchronized void update(TransferRecord attempt) {
        attempts.replaceAll(a -> a.id() == attempt.id() ? attempt : a);
    }

    @Override
    public synchronized Optional<TransferRecord> find(long id) {
        return attempts.stream().filter(a -> a.id() == id).findFirst();
    }

    @Override
    public synchronized List<TransferRecord> requestedBetween(Instant from, Instant to) {
        return attempts.stream().filter(a -> !a.requestedAt().isBefore(from) && a.requestedAt().isBefore(to)).toList();
    }

    @Override
    public synchronized List<TransferRecord> unfinished() {
        return attempts.stream().filter(a -> a.outcome() == null).toList();
    }

    @Override
    public synchronized void saveWrapup(Wrapup wrapup) {
        wrapups.removeIf(w -> w.callId().equals(wrapup.callId()));
        wrapups.add(wrapup);
    }

    @Override
    public synchronized java.util.Optional<String> enterpriseOf(String caller) {
        return java.util.Optional.empty(); // calls are not kept here: the JDBC store is tested for this
    }

    @Override
    public synchronized List<Wrapup> wrapupsBetween(Instant from, Instant to) {
        return wrapups.stream().filter(w -> !w.at().isBefore(from) && w.at().isBefore(to)).toList();
    }
}
