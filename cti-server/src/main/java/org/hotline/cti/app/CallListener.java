package org.hotline.cti.app;

import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/** Told of every step a call takes (after it is stored). Called on the call tracker's thread: be quick. */
public interface CallListener {
    void callChanged(CallRecord call, TimelineEntry step);
}
