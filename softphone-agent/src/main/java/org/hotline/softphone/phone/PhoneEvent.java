package org.hotline.softphone.phone;

/** Everything a phone reports; sealed, so this list is the whole vocabulary. */
public sealed interface PhoneEvent {

    /** Registration state changed; {@code detail} says why (e.g. "401 after credentials"). */
    record RegistrationChanged(RegistrationState state, String detail) implements PhoneEvent {}

    /** An incoming call is ringing here. */
    record Ringing(Call call) implements PhoneEvent {}

    /** Our outgoing call reached the other side and is ringing there (180/183). */
    record RemoteRinging(Call call) implements PhoneEvent {}

    /** The call is established (incoming: ACK received; outgoing: 200 OK). */
    record Answered(Call call) implements PhoneEvent {}

    /** The call was put on hold, by us or by the other party. */
    record Held(Call call, boolean byRemote) implements PhoneEvent {}

    record Resumed(Call call, boolean byRemote) implements PhoneEvent {}

    /** A DTMF digit arrived from the other party (RFC 4733). */
    record DtmfReceived(Call call, char digit) implements PhoneEvent {}

    /** The call is over; {@code detail} carries the protocol cause, e.g. "486 Busy Here". */
    record Ended(Call call, EndReason reason, String detail) implements PhoneEvent {}
}
