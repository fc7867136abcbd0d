package org.hotline.softphone.phone;

public enum RegistrationState {
    UNREGISTERED,
    REGISTERING,
    REGISTERED,
    /** The last attempt failed; a retry is scheduled with back-off. */
    FAILED
}
