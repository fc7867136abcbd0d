package org.hotline.softphone.sip;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events on one thread, in order, outside the phone's lock, so a listener may call
 * back into the phone (answer from a Ringing handler) without deadlocking the SIP stack.
 */
final class EventDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<PhoneListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "phone-events");
        t.setDaemon(true);
        return t;
    });

    void add(PhoneListener l) {
        listeners.add(l);
    }

    void remove(PhoneListener l) {
        listeners.remove(l);
    }

    void emit(PhoneEvent event) {
        log.debug("event {}", event);
        if (thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            for (PhoneListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("listener failed on {}", event, e);
                }
            }
        });
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
