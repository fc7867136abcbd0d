package org.hotline.cti.app.transfer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.cti.app.port.Telephony;

/**
 * The PBX, in the Telephony port's words. Originate is accepted unless {@link #refuseOriginate};
 * a refused one fails its future and reports the leg FAILED(unavailable), as AmiTelephony does.
 * Other leg events happen only when the test plays them ({@link #leg}); after a restart,
 * {@link #presence} says where the PBX has a leg (NONE: nowhere). Shared by the transfer use-case
 * tests (TransferServiceTest, TransferServiceFaultTest). With {@link #holdJoins} a Redirect waits
 * until the test confirms or refuses it ({@link #confirmJoin}, {@link #refuseHeldJoin}), on a thread
 * the test chooses, as the AMI link's thread reads the reply; {@link #journal} lists what the PBX was
 * asked, and on which thread, in order.
 */
final class FakeTelephony implements Telephony {
    final List<LegListener> listeners = new CopyOnWriteArrayList<>();
    final List<Leg> rung = new CopyOnWriteArrayList<>();
    final List<String> hungUp = new CopyOnWriteArrayList<>();
    final List<String> rooms = new CopyOnWriteArrayList<>();
    final List<String> agentsHungUp = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;
    volatile boolean refuseOriginate;
    volatile boolean refuseJoin;
    volatile LegPresence presence = LegPresence.NONE;
    volatile boolean holdJoins;
    final List<CompletableFuture<Void>> heldJoins = new CopyOnWriteArrayList<>();
    volatile List<String> journal = new CopyOnWriteArrayList<>();
    /** Runs as each Originate is written (e.g. moves the test's clock by what writing it took). */
    volatile Runnable onRing = () -> {};

    /** Confirms the {@code n}th held Redirect (from 0) on the calling thread, as the AMI link reads its reply. */
    void confirmJoin(int n) {
        heldJoins.get(n).complete(null);
    }

    void refuseHeldJoin(int n) {
        heldJoins.get(n).completeExceptionally(new IllegalStateException("Channel does not exist"));
    }

    void leg(int ordinal, LegEvent.Kind kind, LegCause cause) {
        String id = rung.get(ordinal - 1).id();
        listeners.forEach(l -> l.onLeg(new LegEvent(id, kind, cause, Instant.now())));
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public CompletableFuture<Void> ring(Leg leg) {
        journal.add("originate " + leg.id() + " on " + Thread.currentThread().getName());
        onRing.run();
        rung.add(leg);
        if (refuseOriginate) {
            listeners.forEach(
                    l -> l.onLeg(new LegEvent(leg.id(), LegEvent.Kind.FAILED, LegCause.UNAVAILABLE, Instant.now())));
            return CompletableFuture.failedFuture(new IllegalStateException("Originate refused"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> hangUp(String legId) {
        journal.add("hangup " + legId);
        hungUp.add(legId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addLegListener(LegListener l) {
        listeners.add(l);
    }

    @Override
    public CompletableFuture<Void> joinConference(String callId, String room) {
        journal.add("redirect " + callId + " " + room + " on "
                + Thread.currentThread().getName());
        rooms.add(callId + "->" + room);
        if (holdJoins) {
            CompletableFuture<Void> held = new CompletableFuture<>();
            heldJoins.add(held);
            return held;
        }
        return refuseJoin
                ? CompletableFuture.failedFuture(new IllegalStateException("no such channel"))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> hangUpAgent(String callId) {
        agentsHungUp.add(callId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> agentReady(String extension, boolean ready) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> agentDisconnected(String extension) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> setDeskOpen(boolean open) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> agentGone(String extension) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<LegPresence> legPresence(String legPrefix, String room) {
        LegPresence p = presence;
        return CompletableFuture.completedFuture(
                p.legId() == null || p.legId().startsWith(legPrefix) ? p : LegPresence.NONE);
    }
}
