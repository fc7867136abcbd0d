package org.hotline.cti.domain.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * R4/R5: the record of one rotation session: the specialists who signed in and the market entities
 * served. Immutable; {@link #withSignIn} and {@link #withService} return the next state. An entity
 * served twice (an interpretation, then application help) is one entity towards the target.
 */
public record RotationSession(SessionSlot slot, List<SignIn> signIns, List<EntityServed> services) {
    /** R5: at least 50 market entities served per session. */
    public static final int TARGET = 50;

    public RotationSession {
        Objects.requireNonNull(slot, "slot");
        signIns = List.copyOf(signIns);
        services = List.copyOf(services);
    }

    public static RotationSession empty(SessionSlot slot) {
        return new RotationSession(slot, List.of(), List.of());
    }

    /** A specialist signing in again (a second device, a reload) keeps the first sign-in time. */
    public RotationSession withSignIn(SignIn s) {
        if (signedIn(s.specialist())) {
            return this;
        }
        List<SignIn> next = new ArrayList<>(signIns);
        next.add(s);
        return new RotationSession(slot, next, services);
    }

    public boolean signedIn(String specialist) {
        return signIns.stream().anyMatch(x -> x.specialist().equals(specialist));
    }

    public RotationSession withService(EntityServed s) {
        List<EntityServed> next = new ArrayList<>(services);
        next.add(s);
        return new RotationSession(slot, signIns, next);
    }

    /**
     * The distinct market entities served, in the order first served; a later record that names
     * an entity more fully (adds the credit code) is folded into the first.
     */
    public List<MarketEntity> entitiesServed() {
        List<MarketEntity> out = new ArrayList<>();
        for (EntityServed s : services) {
            int i = indexOf(out, s.entity());
            if (i < 0) {
                out.add(s.entity());
            } else {
                MarketEntity known = out.get(i);
                out.set(
                        i,
                        new MarketEntity(
                                known.name() != null ? known.name() : s.entity().name(),
                                known.creditCode() != null
                                        ? known.creditCode()
                                        : s.entity().creditCode()));
            }
        }
        return out;
    }

    private static int indexOf(List<MarketEntity> list, MarketEntity e) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).sameAs(e)) {
                return i;
            }
        }
        return -1;
    }

    public int servedCount() {
        return entitiesServed().size();
    }

    /** R5: true once at least {@link #TARGET} distinct market entities were served. */
    public boolean targetMet() {
        return servedCount() >= TARGET;
    }
}
