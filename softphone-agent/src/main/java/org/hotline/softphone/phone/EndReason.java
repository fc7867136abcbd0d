package org.hotline.softphone.phone;

/** Why a call ended, in words a UI can show without knowing SIP status codes. */
public enum EndReason {
    /** We hung up an established call. */
    LOCAL_HANGUP,
    /** The other party hung up an established call. */
    REMOTE_HANGUP,
    /** We abandoned our outgoing call, or declined an incoming one, before it was answered. */
    LOCAL_CANCEL,
    /** The caller gave up before we answered. */
    REMOTE_CANCEL,
    BUSY,
    REJECTED,
    NO_ANSWER,
    /** Signalling failed: timeout, transport error, server error. */
    FAILED
}
