package org.hotline.cti.app;

import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.TimelineEntry;

/**
 * Told of every step a call takes (after it is stored). Called on the call tracker's thread, which
 * in the server is the AMI event loop (issue 14 item 4): never block there. No database read or
 * write, no wait on a lock that another thread may hold across I/O (a transfer request holds its
 * service's lock through a commit), no {@code join}: hand such work to a thread of your own. A
 * slow listener stops the AMI stream, and Asterisk drops a session it cannot write to for 5 s.
 */
public interface CallListener {
    void callChanged(CallRecord call, TimelineEntry step);
}
