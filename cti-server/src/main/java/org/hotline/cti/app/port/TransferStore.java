package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.cti.app.transfer.RecordedEnterprise;
import org.hotline.cti.app.transfer.TransferRecord;
import org.hotline.cti.app.transfer.Wrapup;

/** Transfer attempts (R1) and agents' wrap-ups (R12). */
public interface TransferStore {
    /** Stores a new attempt (with the room it has) and returns its id, numbered as {@link #createNumbered}. */
    long create(TransferRecord attempt);

    /**
     * Stores a new attempt with the room its id gives it ({@code room.apply(id)}), in one commit, and
     * returns it as stored. A transfer is stored before anything irreversible happens (issue 11: a
     * crash loses none), and that write is on the path of every transfer's setup: one commit, not
     * an insert and then an update for the room (issue 14 item 4). Ids count up without gaps
     * (issue 11: users see them as T7): a failed or rolled-back store takes no number.
     */
    TransferRecord createNumbered(TransferRecord draft, java.util.function.LongFunction<String> room);

    /**
     * Attempts requested in [from, to) that did not fail (connected or still in progress): the
     * three-way calls R10 counts, without reading each attempt.
     */
    long countThreeWayBetween(Instant from, Instant to);

    void update(TransferRecord attempt);

    Optional<TransferRecord> find(long id);

    List<TransferRecord> requestedBetween(Instant from, Instant to);

    /** Attempts with no outcome yet, oldest first: after a restart, the ones an earlier run left in progress. */
    List<TransferRecord> unfinished();

    /** Inserts or replaces the agent's wrap-up of a call. */
    void saveWrapup(Wrapup wrapup);

    List<Wrapup> wrapupsBetween(Instant from, Instant to);

    /** The enterprise name last recorded at a wrap-up of a call from {@code caller}, if any (screen pop). */
    default Optional<String> enterpriseOf(String caller) {
        return lastEnterprise(caller).map(RecordedEnterprise::enterprise);
    }

    /** The wrap-up that last recorded an enterprise name for {@code caller}, if any. */
    Optional<RecordedEnterprise> lastEnterprise(String caller);

    /**
     * Every caller's last recorded enterprise, in one read: what the server keeps in memory from its
     * start for caller recognition at arrival and the screen pop (issue 14 item 4).
     */
    List<RecordedEnterprise> lastEnterprises();
}
