package org.hotline.softphone.phone;

/**
 * Receives phone events. Called on one dedicated event thread, in order; a listener may call
 * back into the {@link Phone} but should not block for long.
 */
@FunctionalInterface
public interface PhoneListener {
    void onEvent(PhoneEvent event);
}
