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
}
