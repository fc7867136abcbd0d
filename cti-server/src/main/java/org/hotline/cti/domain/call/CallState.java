package org.hotline.cti.domain.call;

import java.util.Locale;

/** Where a live call stands. */
public enum CallState {
    ARRIVED,
    QUEUED,
    RINGING,
    TALKING,
    ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
