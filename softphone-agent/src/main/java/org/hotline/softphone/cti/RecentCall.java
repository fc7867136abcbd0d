package org.hotline.softphone.cti;

import java.time.Instant;

/** An earlier call from the same number, for the screen pop. */
public record RecentCall(String id, Instant arrivedAt, String outcome, String agent) {}
