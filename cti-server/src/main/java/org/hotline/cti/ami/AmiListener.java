package org.hotline.cti.ami;

/**
 * Receives what the AMI connection sees. Called on the connection's event-loop thread: return
 * quickly and never block (hand work off), or the whole event stream stalls behind you.
 */
public interface AmiListener {
    /** Logged in. {@code generation} increases with every (re)connect. */
    default void onConnected(AmiClient client, long generation, String asteriskVersion) {}

    default void onEvent(AmiMessage event) {}

    default void onDisconnected(String reason) {}

    /**
     * The events of one network read have all been given to {@link #onEvent}; also called before
     * an action's reply completes its future and before {@link #onDisconnected}, so a listener
     * that batches events hands them on before anything that reply or drop sets off.
     */
    default void onReadComplete() {}
}
