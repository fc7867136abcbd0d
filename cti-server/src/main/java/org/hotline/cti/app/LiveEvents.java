package org.hotline.cti.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's outgoing live events (to the dashboard's SSE stream and to agents' WebSocket
 * sessions). Services publish here; the HTTP/WS adapters subscribe and deliver. {@code type} is
 * the wire name ({@code call.offered}, {@code transfer.progress}, {@code callback.assigned}…).
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

    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<Event> s) {
        subscribers.add(s);
    }

    public void unsubscribe(Consumer<Event> s) {
        subscribers.remove(s);
    }

    /** Delivers to every subscriber; a failing one is logged and does not stop the others. */
    public void publish(Event e) {
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(e);
            } catch (RuntimeException ex) {
                log.warn("live event {} not delivered to a subscriber: {}", e.type(), ex.toString());
            }
        }
    }
}
