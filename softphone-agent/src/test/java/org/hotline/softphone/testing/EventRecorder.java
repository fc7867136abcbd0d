package org.hotline.softphone.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneListener;

/** Records a phone's events and waits (polling, bounded) for the one a test expects. */
public final class EventRecorder implements PhoneListener {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private final List<PhoneEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(PhoneEvent event) {
        events.add(event);
    }

    public List<PhoneEvent> events() {
        return List.copyOf(events);
    }

    public <T extends PhoneEvent> T await(Class<T> type) {
        return await(type, e -> true);
    }

    public <T extends PhoneEvent> T await(Class<T> type, Predicate<T> matching) {
        return await(type, matching, 1);
    }

    /** Waits for the {@code nth} event of this type that matches, and returns it. */
    public <T extends PhoneEvent> T await(Class<T> type, Predicate<T> matching, int nth) {
        Awaitility.await(type.getSimpleName() + " #" + nth + " in " + events)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> matches(type, matching).size() >= nth);
        return matches(type, matching).get(nth - 1);
    }

    private <T extends PhoneEvent> List<T> matches(Class<T> type, Predicate<T> matching) {
        return events.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(matching)
                .toList();
    }
}
