package org.hotline.softphone.cti;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** One text-frame connection; the WebSocket in production, a fake in unit tests. */
interface Transport {

    void send(String text);

    void close();

    /** What the transport reports; called on its own thread, one message at a time. */
    interface Receiver {
        void onText(String text);

        /** The connection is gone (closed by the server, or failed). Called at most once. */
        void onClosed(String reason);
    }

    @FunctionalInterface
    interface Factory {
        CompletableFuture<Transport> open(URI uri, Receiver receiver);
    }
}
