package org.hotline.softphone.phone;

import java.util.Optional;

/**
 * A single-line agent phone, independent of the signalling protocol.
 *
 * <p>The UI and the headless driver talk only to this interface; the SIP implementation lives in
 * {@code org.hotline.softphone.sip}. One call at a time: an agent desk never juggles two, and a
 * second incoming call while busy is rejected with 486 by the implementation.
 *
 * <p>Call-control methods act on the current call and throw {@link PhoneException} with a stable
 * id ({@code no-call}, {@code wrong-call-state}, ...) when the call is not in a state that allows
 * them. Outcomes arrive asynchronously as {@link PhoneEvent}s.
 */
public interface Phone extends AutoCloseable {

    void addListener(PhoneListener listener);

    void removeListener(PhoneListener listener);

    /** Starts registering and keeps the registration alive (refresh, retry with back-off). */
    void register();

    /** Removes the registration (Expires: 0) and stops refreshing it. */
    void unregister();

    RegistrationState registrationState();

    /** Places an outgoing call; returns at once, progress arrives as events. */
    Call dial(String number);

    /** Answers the ringing incoming call. */
    void answer();

    /** Ends the current call whatever its state: BYE, CANCEL or a reject, as fits. */
    void hangup();

    void hold();

    void resume();

    /** Sends one DTMF digit (0-9, *, #, A-D) in the media stream. */
    void sendDtmf(char digit);

    Optional<Call> currentCall();

    /** Unregisters (best effort) and releases sockets and threads. */
    @Override
    void close();
}
