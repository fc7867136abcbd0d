package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The hotline queue's agents as the PBX sees them now, for the supervisor's floor view. */
public interface QueueMembers {
    CompletableFuture<List<Agent>> list();

    /**
     * One member of the queue. {@code status}: {@code idle}, {@code in-call}, {@code ringing},
     * {@code on-hold}, {@code offline} or {@code unknown}; {@code lastCallAt} is null before the
     * first call; {@code dynamic} for members added at run time (agents' desktops), false for
     * those configured in queues.conf.
     */
    record Agent(
            String extension,
            String status,
            boolean paused,
            String pausedReason,
            int callsTaken,
            Instant lastCallAt,
            boolean dynamic) {}
}
