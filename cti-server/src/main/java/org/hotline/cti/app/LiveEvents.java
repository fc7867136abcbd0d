package org.hotline.cti.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's outgoing live events (to the dashboard's SSE stream and to agents' WebSocket
 * sessions). Services publish here; the HTTP/WS adapters subscribe and deliver. {@code type} is
 * the wire name ({@code call.offered}, {@code transfer.progress}, {@code callback.assigned}…).
 * <p>
 * Issue 14 item 4: a subscriber may say whom it can deliver to right now ({@link Audience}), so
 * that a publisher can skip building an event nobody would receive ({@link #publish(String,
 * String, String, Supplier)}): with no agent logged in at the ringing extension and no dashboard
 * open, a call's screen pop costs no database look-up and no JSON. Watchers of the event types
 * alone ({@link #watch}) hear every event, built or not.
 */
public final class LiveEvents {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    /**
     * @param toUser   the user name who should get it on their agent session, or null for none
     * @param toExtension the agent extension who should get it, or null for none
     * @param data     a JSON-serialisable value
     */
    public record Event(String type, Object data, String toUser, String toExtension) {
        public static Event broadcast(String type, Object data) {
            return new Event(type, data, null, null);
        }

        public static Event toUser(String type, Object data, String user) {
            return new Event(type, data, user, null);
        }

        public static Event toExtension(String type, Object data, String extension) {
            return new Event(type, data, null, extension);
        }
    }

    /** Whether a subscriber would deliver an event addressed so (both null: a broadcast) to anyone now. */
    @FunctionalInterface
    public interface Audience {
        boolean reaches(String toUser, String toExtension);

        /** A subscriber that says nothing about its audience is assumed to want everything. */
        Audience EVERYONE = (u, x) -> true;
    }

    private record Subscriber(Consumer<Event> consumer, Audience audience) {}

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
    /** Work counters (issue 14 item 4): events published, and those built and delivered to a subscriber. */
    private final java.util.concurrent.atomic.LongAdder published = new java.util.concurrent.atomic.LongAdder();

    private final java.util.concurrent.atomic.LongAdder delivered = new java.util.concurrent.atomic.LongAdder();

    /** Events published since start, built or not. */
    public long published() {
        return published.sum();
    }

    /** Events built and handed to the subscribers since start (those nobody would receive are not built). */
    public long delivered() {
        return delivered.sum();
    }

    /** Subscribes to every event, whoever it is for. */
    public void subscribe(Consumer<Event> s) {
        subscribe(s, Audience.EVERYONE);
    }

    /** Subscribes, saying whom {@code s} would deliver to right now; it still gets every event that is built. */
    public void subscribe(Consumer<Event> s, Audience audience) {
        subscribers.add(new Subscriber(s, audience));
    }

    public void unsubscribe(Consumer<Event> s) {
        subscribers.removeIf(x -> x.consumer() == s);
    }

    /** Hears the type of every event published, including those nobody subscribed receives (so never built). */
    public void watch(Consumer<String> types) {
        watchers.add(types);
    }

    /** Whether any subscriber would deliver an event addressed so (both null: a broadcast) right now. */
    public boolean reaches(String toUser, String toExtension) {
        for (Subscriber s : subscribers) {
            if (s.audience().reaches(toUser, toExtension)) {
                return true;
            }
        }
        return false;
    }

    /** Delivers to every subscriber; a failing one is logged and does not stop the others. */
    public void publish(Event e) {
        watched(e.type());
        deliver(e);
    }

    /**
     * Publishes an event whose data is built only if some subscriber would deliver it
     * ({@link #reaches}); otherwise only the {@link #watch watchers} hear of it.
     */
    public void publish(String type, String toUser, String toExtension, Supplier<?> data) {
        watched(type);
        if (reaches(toUser, toExtension)) {
            deliver(new Event(type, data.get(), toUser, toExtension));
        }
    }

    private void watched(String type) {
        published.increment();
        for (Consumer<String> w : watchers) {
            try {
                w.accept(type);
            } catch (RuntimeException ex) {
                log.warn("live event {} not told to a watcher: {}", type, ex.toString());
            }
        }
    }

    private void deliver(Event e) {
        delivered.increment();
        for (Subscriber s : subscribers) {
            try {
                s.consumer().accept(e);
            } catch (RuntimeException ex) {
                log.warn("live event {} not delivered to a subscriber: {}", e.type(), ex.toString());
            }
        }
    }
}
