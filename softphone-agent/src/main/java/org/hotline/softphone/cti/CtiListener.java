package org.hotline.softphone.cti;

/** Receives {@link CtiEvent}s in order on the client's event thread. */
@FunctionalInterface
public interface CtiListener {
    void onEvent(CtiEvent event);
}
