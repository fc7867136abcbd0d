package org.hotline.cti.ami;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread ({@code ami-…}) that reads every AMI node's connection and, in the server, runs
 * the call model too (issue 14 item 4). {@link #executor()} is what the server hands to {@code
 * CallTracker}: a task queued from this thread itself (the call events of a network read, queued
 * as the read ends) wakes nothing, it runs in the same turn of the loop right after the read;
 * the model used to run on a thread of its own, woken 7–8 times a call. Tasks run in the order
 * they were queued, so the model's "after everything submitted so far" still holds.
 * <p>
 * One loop for all nodes (issue 14 item 6), not one per node: the model must stay on one thread,
 * and a node on a loop of its own would need a hand-off per read to reach it again. Reading and
 * decoding cost ~1 µs an event (benchmarks (a), (b)), far less than the model's own work, which
 * was already serialised across every node on one thread.
 * <p>
 * What runs here must not block: Asterisk drops an AMI session it cannot write to for 5 s
 * ({@code writetimeout}), and the transfers' Originate goes out from here. The call model's
 * listeners hand anything that waits (the database, a lock held across I/O) to threads of their
 * own ({@code CallListener}).
 */
public final class AmiEventLoop implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(
            1, new io.netty.util.concurrent.DefaultThreadFactory("ami"), NioIoHandler.newFactory());
    private final EventLoop loop = group.next();

    /** The loop's connections' group: every node's {@link AmiClient} registers here. */
    EventLoopGroup group() {
        return group;
    }

    /** Runs tasks on the loop's thread in the order they were queued; from that thread, without waking it. */
    public Executor executor() {
        return loop;
    }

    /** Whether the calling thread is the loop's (tests). */
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    /** Stops the thread once queued tasks ran; close the clients (and drain the model) first. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
